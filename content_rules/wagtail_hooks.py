from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .evaluation import LOG_ACTION
from .models import ContentRule, ContentRuleFiring, Event


class ContentRuleViewSet(SnippetViewSet):
    model = ContentRule
    icon = "cogs"
    list_display = ["name", "enabled", "events_display", "last_fired_at", "times_fired"]
    list_filter = ["enabled"]
    search_fields = ["name"]


class ContentRuleFiringViewSet(SnippetViewSet):
    """The record of when rules applied: read only (the groups only have the view permission)."""

    model = ContentRuleFiring
    icon = "history"
    list_display = ["rule", "page", "event", "fired_at", "recipients"]
    list_filter = ["event", "rule"]


class ContentRulesGroup(SnippetViewSetGroup):
    menu_label = _("Content rules")
    menu_icon = "cogs"
    menu_order = 260
    items = (ContentRuleViewSet, ContentRuleFiringViewSet)


register_snippet(ContentRulesGroup)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(LOG_ACTION)
    class RuleApplied(LogFormatter):
        label = _("Content rule applied")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Content rule “%(rule)s” applied: %(event)s") % {
                "rule": data.get("rule", ""),
                "event": Event(data["event"]).label if data.get("event") in Event else "",
            }
