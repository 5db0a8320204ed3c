from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.importer import Importer, ImportFailed


class Command(BaseCommand):
    help = (
        "Import services, courses, events and associations, with their translations, from a "
        "JSON file in the corpus format (docs/import-format.md). Re-importing updates pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file to import")

    def handle(self, path, **options):
        def progress(items, total):
            # tqdm hides itself when stderr is not a terminal (CI, pipes).
            return tqdm(
                items,
                total=total,
                desc="Importing",
                unit="item",
                disable=None,
                file=self.stderr._out,
            )

        try:
            report = Importer.from_path(path, progress=progress).run()
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported: {len(failure.errors)} problem(s) in {path}\n"
                + "\n".join(f"  - {error}" for error in failure.errors)
            ) from None

        def counts(bucket):
            return (
                ", ".join(f"{count} {kind}(s)" for kind, count in sorted(bucket.items())) or "none"
            )

        self.stdout.write(self.style.SUCCESS(f"Imported {path}"))
        self.stdout.write(f"  created: {counts(report.created)}")
        self.stdout.write(f"  updated: {counts(report.updated)}")
        self.stdout.write(f"  unchanged: {counts(report.unchanged)}")
        self.stdout.write(f"  translations written: {report.translations}")
