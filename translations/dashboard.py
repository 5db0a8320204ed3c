from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .roles import user_languages
from .status import OUTDATED, statuses


class OutdatedTranslationsPanel(Component):
    """On a translator's dashboard: their languages' pages whose Italian text has changed."""

    name = "outdated_translations"
    order = 90
    template_name = "translations/panels/outdated_dashboard.html"

    def __init__(self, user):
        self.languages = user_languages(user)

    def get_context_data(self, parent_context):
        items = [
            item for item in statuses(language_codes=self.languages) if item.status == OUTDATED
        ]
        return {"items": items, "heading": _("Translations to update")}
