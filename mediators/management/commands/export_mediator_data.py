import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from mediators.admin_views import mediator_data
from mediators.models import Mediator, PersonalDataAccess


class Command(BaseCommand):
    help = (
        "Print, as JSON, everything the registry holds about one mediator (a data-access request)."
    )

    def add_arguments(self, parser):
        parser.add_argument("mediator_id", type=int)

    def handle(self, mediator_id, **options):
        mediator = Mediator.objects.filter(pk=mediator_id).first()
        if mediator is None:
            raise CommandError(f"No mediator with id {mediator_id}.")
        PersonalDataAccess.record(
            None, PersonalDataAccess.Action.DATA_EXPORT, mediator, details="manage.py"
        )
        self.stdout.write(
            json.dumps(mediator_data(mediator), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
