"""The places shown on the map: live services, courses, events and associations with an address
or coordinates, in the visitor's language (untranslated pages are Italian aliases there)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import AssociationPage
from core.templatetags.portal_tags import localized_name
from courses.models import CoursePage
from events.models import EventPage
from services.models import ServicePage

# The kinds of page the map shows, in the order of the type filter: key -> (model, label).
PLACE_TYPES = {
    "service": (ServicePage, _("Service")),
    "course": (CoursePage, _("Course")),
    "event": (EventPage, _("Event")),
    "association": (AssociationPage, _("Association")),
}


@dataclass
class Place:
    page: object
    kind: str
    label: str
    url: str

    @property
    def on_map(self):
        return self.page.has_coordinates

    @property
    def municipality(self):
        return localized_name(self.page.municipality) if self.page.municipality_id else ""

    def marker(self):
        """What map.js needs to draw this place's marker."""
        page = self.page
        return {
            "name": page.title,
            "url": self.url,
            "type": str(self.label),
            "address": page.address,
            "municipality": self.municipality,
            "lang": "it" if page.alias_of_id else page.locale.language_code,
            "lat": float(page.latitude),
            "lon": float(page.longitude),
        }


def located_pages(model, locale):
    """The live pages of `model` in `locale` that have a place, without what is over: events
    that have ended and courses whose last lesson is past are no longer somewhere to go."""
    pages = (
        model.objects.live()
        .public()
        .filter(locale=locale)
        .filter(Q(latitude__isnull=False, longitude__isnull=False) | ~Q(address=""))
        .select_related("municipality", "locale")
    )
    if model is EventPage:
        now = timezone.now()
        pages = pages.filter(Q(ends__gte=now) | Q(ends__isnull=True, starts__gte=now))
    elif model is CoursePage:
        pages = pages.exclude(ends__lt=timezone.localdate())
    return pages


def find_places(locale, filterset, request):
    """Every place matching the filters (a bound, valid filterset, or None for all), grouped by
    municipality: [(municipality name, [Place, …]), …], places without a municipality last."""
    places = []
    for kind, (model, label) in PLACE_TYPES.items():
        pages = located_pages(model, locale)
        if filterset is not None:
            pages = filterset.filter_queryset(pages)
        places += [Place(page, kind, label, page.get_url(request)) for page in pages]
    groups = {}
    for place in places:
        groups.setdefault(place.municipality, []).append(place)
    return [
        (name, sorted(group, key=lambda place: place.page.title.casefold()))
        for name, group in sorted(
            groups.items(), key=lambda item: (not item[0], item[0].casefold())
        )
    ]
