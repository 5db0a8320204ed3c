from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from translations import files


class Command(BaseCommand):
    help = (
        "Import a translated PO or XLIFF file of one language: changed pages are saved as "
        "drafts for review, never published; the report lists what was applied and rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the translated .po, .xlf or .xliff file")
        parser.add_argument("--language", required=True, help="the file's language, e.g. ar")
        parser.add_argument("--user", help="username recorded as the translator (optional)")

    def handle(self, path, language, user, **options):
        path = Path(path)
        try:
            files.target_locale(language)
            content = path.read_bytes()
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        account = None
        if user:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {user!r}") from None
        try:
            report = files.import_file(language, path.name, content, account)
        except files.TranslationFileError as error:
            raise CommandError(f"{path.name}: {error}; nothing was imported") from None
        for line in report.lines():
            self.stdout.write(line)
        if report.file_error:
            raise CommandError(report.file_error)
