"""The menus of the visitor's language, ready for the templates, in a bounded number of queries.

A language with its own menu (a translation of the Italian one) shows it as it is. A language
without one shows the Italian menu with each page link replaced by that language's version of
the page and its title (the Italian label would not help there); links to other websites keep
their Italian label, marked as Italian.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from wagtail.models import Locale, Page

from .models import Menu, MenuItem


@dataclass
class Link:
    label: str
    url: str
    page: Page | None
    lang: str | None = None  # set when the label is not in the visitor's language
    current: str = ""  # "page" for the current page, "true" for a section it is in


def create_default_menus(home):
    """An Italian main menu with the sections below `home` and a footer menu with its plain
    pages, unless the menus exist already (editors' changes are never overwritten)."""
    from home.models import ContentPage

    children = list(home.get_children().live().public())
    in_menus = [child for child in children if child.show_in_menus] or children
    plain = [child for child in children if child.specific_class is ContentPage]
    for place, pages in ((Menu.Place.MAIN, in_menus), (Menu.Place.FOOTER, plain)):
        if not pages or Menu.objects.filter(slug=place, locale_id=home.locale_id).exists():
            continue
        menu = Menu(slug=place, locale_id=home.locale_id)
        menu.items = [MenuItem(link_page=page, sort_order=i) for i, page in enumerate(pages)]
        menu.save()


def menu_links(place, language_code, request=None):
    """The links of the menu at `place` for `language_code`, or None when there is no menu.

    Queries: the menu with its items and pages (3), and for a language without its own menu
    the pages of that language (1)."""
    items = Prefetch(
        "items", queryset=MenuItem.objects.select_related("link_page").order_by("sort_order")
    )
    menus = {
        menu.locale.language_code: menu
        for menu in Menu.objects.filter(
            slug=place, locale__language_code__in={language_code, settings.LANGUAGE_CODE}
        )
        .select_related("locale")
        .prefetch_related(items)
    }
    menu = menus.get(language_code)
    translated = menu is not None
    menu = menu or menus.get(settings.LANGUAGE_CODE)
    if menu is None:
        return None
    items = list(menu.items.all())
    versions = {}
    if not translated:
        keys = [item.link_page.translation_key for item in items if item.link_page_id]
        locale = Locale.objects.filter(language_code=language_code).first()
        versions = {
            page.translation_key: page
            for page in Page.objects.filter(translation_key__in=keys, locale=locale)
        }
    links = []
    for item in items:
        page = item.link_page
        if page is not None:
            if not translated:
                page = versions.get(page.translation_key)
            if page is None or not page.live:
                continue
            url = page.get_url(request)
            if not url:
                continue
            label = item.label if translated and item.label else page.title
            # An untranslated page (an alias) has the Italian title: say so to screen readers.
            lang = settings.LANGUAGE_CODE if label == page.title and page.alias_of_id else None
            if lang == language_code:
                lang = None
            links.append(Link(label=label, url=url, page=page, lang=lang))
        else:
            lang = None if translated else settings.LANGUAGE_CODE
            if lang == language_code:
                lang = None
            links.append(Link(label=item.label, url=item.link_url, page=None, lang=lang))
    return links


def mark_current(links, current_page):
    """Mark the link to the current page, or to the section it is in."""
    if not (isinstance(current_page, Page) and current_page.pk):
        return links
    for link in links:
        link.current = ""
        if link.page is None:
            continue
        if link.page.pk == current_page.pk:
            link.current = "page"
        elif current_page.path.startswith(link.page.path):
            link.current = "true"
    return links
