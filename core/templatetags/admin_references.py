from django import template
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ReferenceIndex

register = template.Library()

MAX_LISTED = 20


@register.simple_tag(takes_context=True)
def linking_items(context):
    """What links to the page or object being deleted or unpublished (title and admin URL), so
    that the confirmation names the pages whose links would break."""
    obj = context.get("page") or context.get("object")
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    finder = AdminURLFinder(context["request"].user)
    items = []
    for source, _references in ReferenceIndex.get_grouped_references_to(obj):
        items.append({"title": str(source), "url": finder.get_edit_url(source)})
        if len(items) == MAX_LISTED:
            break
    return items
