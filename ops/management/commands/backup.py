from django.core.management.base import BaseCommand

from ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a new directory (docs/production.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--database", default="default")

    def handle(self, directory, database, **options):
        manifest = backup(directory, using=database)
        rows = sum(manifest["tables"].values())
        media = "with media" if manifest["media"] else "without media (not stored locally)"
        self.stdout.write(f"Backed up {rows} rows in {len(manifest['tables'])} tables, {media}")
