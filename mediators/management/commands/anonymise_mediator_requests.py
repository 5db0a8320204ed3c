import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from mediators.models import MediatorRequest


class Command(BaseCommand):
    help = (
        "Remove the requester's contact details, place and notes from requests for a mediator "
        "closed (done or cancelled) more than N days ago; language, service, municipality, date "
        "and hours stay for the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="Default: the MEDIATOR_REQUEST_RETENTION_DAYS setting.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, older_than_days, dry_run, **options):
        days = (
            settings.MEDIATOR_REQUEST_RETENTION_DAYS if older_than_days is None else older_than_days
        )
        if days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=days)
        requests = MediatorRequest.objects.closed().filter(
            Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, starts_at__lt=cutoff),
            anonymised_at__isnull=True,
        )
        if dry_run:
            self.stdout.write(f"{requests.count()} requests would be anonymised.")
            return
        count = 0
        for mediator_request in requests.iterator():
            mediator_request.anonymise(now)
            count += 1
        self.stdout.write(f"{count} requests anonymised (closed more than {days} days ago).")
