from django import template
from wagtail.models import Page

from translations.status import MACHINE, OUTDATED, status_of

register = template.Library()


@register.inclusion_tag("translations/includes/translation_notice.html", takes_context=True)
def translation_notice(context):
    """Tell residents when a translation is older than the Italian page, or machine-made."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return {}
    status = status_of(page)
    if status is None or status.status not in (OUTDATED, MACHINE):
        return {}
    return {
        "status": status.status,
        "source_url": status.source_page.get_url(context.get("request")),
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
