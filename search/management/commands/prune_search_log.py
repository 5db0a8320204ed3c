import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.models import SearchQueryLog


class Command(BaseCommand):
    help = "Delete the counts of what residents searched for that are older than --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=365,
            help="keep this many days of counts, today included (default: 365)",
        )

    def handle(self, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more")
        first_kept = timezone.localdate() - datetime.timedelta(days=days - 1)
        deleted, _ = SearchQueryLog.objects.filter(day__lt=first_kept).delete()
        self.stdout.write(f"Deleted {deleted} row(s) of search counts from before {first_kept}.")
