from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .status import status_of, statuses
from .views import STATUS_LABELS


class TranslationStatusPanel(Panel):
    """On a page's edit view: how current its translations are (or this translation is)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Translations"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "translations/panels/status_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if page.locale.language_code == settings.LANGUAGE_CODE and not page.alias_of_id:
                items = statuses([page])
            else:
                own = status_of(page)
                items = [own] if own else []
            context["items"] = [(item, STATUS_LABELS[item.status]) for item in items]
            return context
