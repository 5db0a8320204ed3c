from django.conf import settings
from django.dispatch import receiver

from core.signals import site_structure_ready

from .site_pages import ensure_site_pages


@receiver(site_structure_ready)
def add_mediator_pages(sender, homes, **kwargs):
    if settings.LANGUAGE_CODE in homes:
        ensure_site_pages(homes)
