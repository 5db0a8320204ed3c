from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from translations import files


class Command(BaseCommand):
    help = (
        "Export the pages of one language to translate (by default those outdated or missing) "
        "as a PO or XLIFF 2.0 file for a translation agency."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="language code, e.g. ar")
        parser.add_argument("--format", choices=sorted(files.FORMATS), default="po")
        parser.add_argument(
            "--output", help="file to write (default: a dated name in the current folder)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="all_pages",
            help="every page, not only outdated or missing ones",
        )

    def handle(self, language, format, output, all_pages, **options):
        try:
            files.target_locale(language)
        except (ValueError, ObjectDoesNotExist) as error:
            raise CommandError(str(error)) from None
        pages = files.all_source_pages() if all_pages else files.pages_needing_translation(language)
        if not pages:
            self.stdout.write(f"No page is outdated or missing in {language}: nothing to export.")
            return
        name, _, content = files.export_file(language, format, pages)
        path = Path(output or name)
        path.write_text(content, encoding="utf-8")
        units = content.count("<unit ") if format == "xliff" else content.count("\nmsgctxt ")
        self.stdout.write(f"Exported {units} texts of {len(pages)} pages in {language} to {path}")
