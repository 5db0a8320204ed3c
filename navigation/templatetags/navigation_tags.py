"""{% main_menu %}, {% footer_menu %}, {% breadcrumbs %}, {% section_nav %}, {% related_pages %}.

Queries per page: the menus 3–4 each, the breadcrumbs 1, the section navigation 2, the
related pages 3; none grows with the number of pages or links.
"""

from django import template
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Page

from core.templatetags.portal_tags import language_home, primary_navigation

from ..menus import Link, mark_current, menu_links
from ..related import related_pages as find_related_pages

register = template.Library()


def _page(context, page):
    page = page if page is not None else context.get("page")
    return page if isinstance(page, Page) and page.pk else None


def _cached_links(context, place):
    request = context.get("request")
    if request is None:
        return menu_links(place, get_language())
    cache = request.__dict__.setdefault("_navigation_menus", {})
    key = (place, get_language())
    if key not in cache:
        cache[key] = menu_links(place, get_language(), request)
    return cache[key]


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context, page=None):
    """The main menu of the visitor's language; the site's sections if no menu was made."""
    page = _page(context, page)
    links = _cached_links(context, "main")
    if links is None:
        links = [
            Link(label=item["title"], url=item["url"], page=item["page"], current=item["current"])
            for item in primary_navigation(context, page)
        ]
    else:
        links = mark_current(links, page)
    return {"links": links}


@register.inclusion_tag("navigation/footer_menu.html", takes_context=True)
def footer_menu(context, page=None):
    links = _cached_links(context, "footer") or []
    return {"links": mark_current(links, _page(context, page))}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """The way from the home page of the visitor's language to the page (none on the home)."""
    page = _page(context, page)
    home = language_home(context)
    if page is None or home is None or page.depth <= home.depth:
        return {"crumbs": []}
    ancestors = list(page.get_ancestors().filter(depth__gte=home.depth))
    return {"crumbs": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("navigation/section_nav.html", takes_context=True)
def section_nav(context, page=None):
    """The pages of the section the page is in, for pages two or more levels below home."""
    page = _page(context, page)
    home = language_home(context)
    if page is None or home is None or page.depth < home.depth + 2:
        return {"items": []}
    section_path = page.path[: (home.depth + 1) * Page.steplen]
    # The section and its children shown in menus, in one query.
    found = list(
        Page.objects.live()
        .public()
        .filter(
            Q(path=section_path)
            | Q(path__startswith=section_path, depth=home.depth + 2, show_in_menus=True)
        )
        .order_by("path")
    )
    if not found or found[0].path != section_path:
        return {"items": []}
    return {
        "section": found[0],
        "items": found[1:],
        "page": page,
        "request": context.get("request"),
    }


@register.inclusion_tag("navigation/related_pages.html", takes_context=True)
def related_pages(context, page=None):
    page = _page(context, page)
    pages = find_related_pages(page, get_language()) if page is not None else []
    return {"pages": pages, "request": context.get("request")}


@register.filter
def kind_of_page(page):
    """What a page is, in the visitor's language: "Service", "Course", …"""
    return str(page.specific_class._meta.verbose_name).capitalize()
