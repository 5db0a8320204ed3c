from django.dispatch import receiver

from core.signals import site_structure_ready

from .library import ensure_library


@receiver(site_structure_ready)
def add_material_library(sender, homes, **kwargs):
    ensure_library(homes)
