from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentRulesConfig(AppConfig):
    name = "content_rules"
    verbose_name = _("Content rules")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
