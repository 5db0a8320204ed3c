"""The public pages a visitor can reach, one of each kind, found in the database by language.

Shared by the accessibility checks (tests/test_accessibility.py, and in a real browser
tests/browser/test_accessibility.py): each kind is a page type, a listing (also with filters in
the query string), the search page with results, the events calendar, the map and a poster.
Those last three only once their URLs exist; an untranslated page only in languages that
have one.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Locale, Page

from associations.models import AssociationIndexPage, AssociationPage
from courses.models import CourseIndexPage, CoursePage
from events.models import EventIndexPage, EventPage
from home.models import ContentPage, HomePage
from services.models import ServiceIndexPage, ServicePage

LANGUAGES = ["it", "ar", "zh-hans"]
# A place name: every language's pages mention it, so search has results in all of them.
SEARCH_QUERY = "Cremona"

PAGE_TYPES = {
    "home": HomePage,
    "content": ContentPage,
    "service": ServicePage,
    "course": CoursePage,
    "event": EventPage,
    "association": AssociationPage,
    "services": ServiceIndexPage,
    "courses": CourseIndexPage,
    "events": EventIndexPage,
    "associations": AssociationIndexPage,
}
KINDS = [*PAGE_TYPES, "untranslated", "services-filtered", "search", "calendar", "map", "poster"]
LISTING_KINDS = ["services", "courses", "events", "associations", "services-filtered", "search"]


def first_live(model, language_code, **lookups):
    locale = Locale.objects.get(language_code=language_code)
    pages = model.objects.live().public().filter(locale=locale, **lookups)
    return pages.order_by("path").first()


def url_of(kind, language_code):
    """The path of a page of this kind in this language, or None when the site has none."""
    if kind in PAGE_TYPES:
        page = first_live(PAGE_TYPES[kind], language_code)
        return page.url if page else None
    if kind == "untranslated":
        # A page not translated into this language: its alias there shows the Italian text.
        page = first_live(Page, language_code, alias_of__isnull=False)
        return page.url if page else None
    if kind == "services-filtered":
        # Filter by the municipality of a service of the list, so that something is found.
        service = first_live(ServicePage, language_code)
        index = first_live(ServiceIndexPage, language_code)
        if not (service and index and service.municipality_id):
            return None
        return f"{index.url}?municipality={service.municipality.slug}"
    with translation.override(language_code):
        if kind == "search":
            return f"{reverse('search')}?q={SEARCH_QUERY}"
        if kind == "calendar":
            index = first_live(EventIndexPage, language_code)
            if index is None or not hasattr(index, "reverse_subpage"):
                return None
            try:
                return index.url + index.reverse_subpage("calendar")
            except NoReverseMatch:
                return None
        if kind == "map":
            return reverse_or_none("map")
        if kind == "poster":
            service = first_live(ServicePage, language_code)
            return reverse_or_none("poster", service.pk) if service else None
    raise ValueError(f"unknown kind of page: {kind}")


def reverse_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
