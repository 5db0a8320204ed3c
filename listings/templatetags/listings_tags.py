from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """{% optional_url "map" as url %}: the URL, or "" when no view has that name (the map is
    an optional part of the site)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
