from django.core.management.base import BaseCommand, CommandError

from mediators.admin_views import erase_mediator
from mediators.models import Mediator


class Command(BaseCommand):
    help = (
        "Erase a mediator's personal data (an erasure request): their record is deleted; their "
        "requests stay, without them, for the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("mediator_id", type=int)

    def handle(self, mediator_id, **options):
        mediator = Mediator.objects.filter(pk=mediator_id).first()
        if mediator is None:
            raise CommandError(f"No mediator with id {mediator_id}.")
        erase_mediator(mediator)
        self.stdout.write(f"Mediator {mediator_id} erased.")
