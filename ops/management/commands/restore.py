from django.core.management.base import BaseCommand

from ops.backup import restore


class Command(BaseCommand):
    help = "Restore a backup (manage.py backup) into an empty database, and its media files."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force", action="store_true", help="replace the contents of a non-empty database"
        )

    def handle(self, directory, database, force, **options):
        manifest = restore(directory, using=database, force=force)
        self.stdout.write(f"Restored the backup of {manifest['created']}")
