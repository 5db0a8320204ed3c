from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Leaflets and posters")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
