from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "associations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        post_migrate.connect(signals.give_existing_associations_a_space, sender=self)
