"""What a collection lists: criteria chosen in the admin, evaluated for the visitor's language.

The criteria select Italian source pages (taxonomy links and dates are the Italian page's),
then the same pages are read in the visitor's language: translations, or aliases showing the
Italian text (left out when only translated pages are wanted). A result costs one query per
page type, whatever its size, and the ids are cached until the next publication.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.filters import localized_choices

CACHE_TTL = 60 * 60
VERSION_KEY = "listings:version"

PAGE_TYPE_CHOICES = [
    ("servicepage", _("Services")),
    ("coursepage", _("Courses")),
    ("eventpage", _("Events")),
    ("associationpage", _("Associations")),
]
WINDOW_CHOICES = [
    ("", _("Any date")),
    ("upcoming", _("Upcoming (not over yet)")),
    ("this_week", _("This week")),
    ("this_month", _("This month")),
    ("range", _("Between two dates")),
]
SORT_CHOICES = [
    ("date", _("By date, soonest first")),
    ("title", _("By title")),
    ("updated", _("Recently updated first")),
]
DISPLAY_CHOICES = [
    ("cards", _("Cards")),
    ("list", _("Compact list")),
    ("calendar", _("Calendar, day by day")),
]


def topic_choices():
    from core.models import Topic

    return localized_choices(Topic)


def audience_choices():
    from core.models import Audience

    return localized_choices(Audience)


def municipality_choices():
    from core.models import Municipality

    return localized_choices(Municipality)


def level_choices():
    from courses.models import CoursePage

    return [("", _("Any level"))] + list(CoursePage.Level.choices)


def course_kind_choices():
    from courses.models import CoursePage

    return [("", _("Any kind"))] + list(CoursePage.Kind.choices)


def listable_models():
    from associations.models import AssociationPage
    from courses.models import CoursePage
    from events.models import EventPage
    from services.models import ServicePage

    return {
        "servicepage": ServicePage,
        "coursepage": CoursePage,
        "eventpage": EventPage,
        "associationpage": AssociationPage,
    }


@dataclass(frozen=True)
class Window:
    """A time span [start, end); `end` None means open-ended."""

    start: datetime | None
    end: datetime | None

    @classmethod
    def named(cls, name, date_from=None, date_to=None, now=None):
        now = now or timezone.now()
        today = timezone.localtime(now).date()
        if name == "upcoming":
            return cls(now, None)
        if name == "this_week":
            monday = today - timedelta(days=today.weekday())
            return cls(_midnight(monday), _midnight(monday + timedelta(days=7)))
        if name == "this_month":
            first = today.replace(day=1)
            following = (first + timedelta(days=32)).replace(day=1)
            return cls(_midnight(first), _midnight(following))
        if name == "range" and (date_from or date_to):
            return cls(
                _midnight(date_from) if date_from else None,
                _midnight(date_to + timedelta(days=1)) if date_to else None,
            )
        return None


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Criteria:
    page_types: tuple = ()
    topics: tuple = ()
    audiences: tuple = ()
    municipalities: tuple = ()
    window: str = ""
    date_from: date | None = None
    date_to: date | None = None
    course_level: str = ""
    course_kind: str = ""
    childcare: bool = False
    only_translated: bool = False
    sort: str = "date"
    limit: int = 12

    @classmethod
    def of(cls, value):
        """Criteria from a listing block's value or a CollectionPage (same names)."""

        def get(name, default):
            if hasattr(value, "get") and not hasattr(value, "_meta"):
                found = value.get(name, default)
            else:
                found = getattr(value, name, default)
            return default if found is None else found

        return cls(
            page_types=tuple(sorted(get("page_types", ()))),
            topics=tuple(sorted(get("topics", ()))),
            audiences=tuple(sorted(get("audiences", ()))),
            municipalities=tuple(sorted(get("municipalities", ()))),
            window=get("window", ""),
            date_from=get("date_from", None),
            date_to=get("date_to", None),
            course_level=get("course_level", ""),
            course_kind=get("course_kind", ""),
            childcare=bool(get("childcare", False)),
            only_translated=bool(get("only_translated", False)),
            sort=get("sort", "date") or "date",
            limit=max(1, min(int(get("max_items", 12) or 12), 100)),
        )

    @property
    def models(self):
        models = listable_models()
        return {name: models[name] for name in (self.page_types or models) if name in models}

    @property
    def lists_events(self):
        return "eventpage" in self.models

    def digest(self):
        raw = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    # --- Filtering -----------------------------------------------------------------------

    def steps(self):
        """(label, function(queryset, model) -> queryset) per criterion, in the order an
        editor reads them: the preview hint names the first one that leaves nothing."""
        steps = []
        if self.topics:
            steps.append((_("topics"), lambda qs, m: qs.filter(topics__slug__in=self.topics)))
        if self.audiences:
            steps.append(
                (_("audiences"), lambda qs, m: qs.filter(audiences__slug__in=self.audiences))
            )
        if self.municipalities:
            steps.append(
                (
                    _("municipalities"),
                    lambda qs, m: qs.filter(municipality__slug__in=self.municipalities),
                )
            )
        if self.course_kind:
            steps.append((_("kind of course"), self._course_filter(kind=self.course_kind)))
        if self.course_level:
            steps.append((_("course level"), self._course_filter(level=self.course_level)))
        if self.childcare:
            steps.append((_("childcare"), self._course_filter(childcare=True)))
        window = self.time_window()
        if window is not None:
            steps.append((_("dates"), lambda qs, m: _in_window(qs, m, window)))
        return steps

    @staticmethod
    def _course_filter(**lookups):
        def apply(queryset, model):
            # A course criterion leaves the other page types alone.
            return queryset.filter(**lookups) if model.__name__ == "CoursePage" else queryset

        return apply

    def time_window(self, now=None):
        return Window.named(self.window, self.date_from, self.date_to, now=now)

    def source_pages(self, model):
        """The live Italian pages of `model` matching every criterion."""
        queryset = model.objects.live().public().filter(locale__language_code=SOURCE_LANGUAGE)
        for _label, apply in self.steps():
            queryset = apply(queryset, model)
        return queryset

    def localized_pages(self, model, language_code):
        """The matching pages in the visitor's language: one query (two for events)."""
        keys = self.source_pages(model).values("translation_key")
        queryset = (
            model.objects.live()
            .public()
            .filter(locale__language_code=language_code, translation_key__in=keys)
            .select_related("municipality", "locale")
        )
        if self.only_translated:
            queryset = queryset.filter(alias_of__isnull=True)
        if model.__name__ == "EventPage":
            return self._events(queryset)
        return list(queryset.order_by(*SORT_FIELDS[self.sort](model))[: self.limit])

    def _events(self, queryset):
        """Each event at its date in the window (its next date when there is no window):
        a repeating event is listed once, at its first date that falls in the window."""
        window = self.time_window()
        ordering = SORT_FIELDS[self.sort](queryset.model)
        one_off = list(queryset.filter(recurrence="").order_by(*ordering)[: self.limit])
        repeating = list(queryset.exclude(recurrence="").order_by(*ordering))
        return [page for page in one_off + repeating if set_listed_date(page, window)]


def set_listed_date(page, window):
    """Set `page.listed`, the date an event is listed at (events/includes/event_card.html):
    its first date in the window, or without a window its next (else its last) date.
    Returns it: None when a repeating event has no date in the window."""
    if window is not None:
        found = page.occurrences(window.start, window.end, limit=1)
        page.listed = found[0] if found else None
    else:
        page.listed = page.next_occurrence() or page.last_occurrence()
    return page.listed


SOURCE_LANGUAGE = settings.LANGUAGE_CODE


def _dated(model):
    return model.__name__ in ("EventPage", "CoursePage")


SORT_FIELDS = {
    "date": lambda model: ("starts", "title") if _dated(model) else ("title",),
    "title": lambda model: ("title",),
    "updated": lambda model: ("-last_published_at",),
}


def _in_window(queryset, model, window):
    """Events and courses on during the window (overlapping it); other types unaffected."""
    if model.__name__ == "EventPage":
        if window.start is not None:
            one_off = Q(ends__gte=window.start) | Q(ends__isnull=True, starts__gte=window.start)
            repeating = Q(runs_until__gte=window.start) | Q(runs_until__isnull=True)
            queryset = queryset.filter(
                (Q(recurrence="") & one_off) | (~Q(recurrence="") & repeating)
            )
        if window.end is not None:
            queryset = queryset.filter(starts__lt=window.end)
    elif model.__name__ == "CoursePage":
        if window.start is not None:
            start = timezone.localtime(window.start).date()
            queryset = queryset.filter(Q(ends__gte=start) | Q(ends__isnull=True))
        if window.end is not None:
            end = timezone.localtime(window.end).date()
            queryset = queryset.filter(Q(starts__lt=end) | Q(starts__isnull=True))
    return queryset


def _sort_key(criteria):
    def key(page):
        if criteria.sort == "title":
            return (page.title.casefold(),)
        if criteria.sort == "updated":
            stamp = page.last_published_at
            return (-(stamp.timestamp() if stamp else 0), page.title.casefold())
        listed = getattr(page, "listed", None)
        starts = listed.starts if listed is not None else getattr(page, "starts", None)
        if isinstance(starts, date) and not isinstance(starts, datetime):
            starts = _midnight(starts)
        return (starts is None, starts.timestamp() if starts else 0, page.title.casefold())

    return key


def _cache_key(criteria, language_code, now):
    version = cache.get_or_set(VERSION_KEY, 1, None)
    bucket = timezone.localtime(now).strftime("%Y%m%d%H")
    return f"listings:{version}:{criteria.digest()}:{language_code}:{bucket}"


def bump_version():
    """Forget every cached result (a page was published, unpublished, moved or deleted)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def find_pages(criteria, language_code=None):
    """The pages matching `criteria` in the visitor's language, sorted, at most `limit`."""
    language_code = language_code or get_language()
    now = timezone.now()
    key = _cache_key(criteria, language_code, now)
    models = criteria.models
    cached = cache.get(key)
    if cached is not None:
        pages = []
        for name, model in models.items():
            ids = [pk for kind, pk in cached if kind == name]
            if ids:
                pages += (
                    model.objects.live().select_related("municipality", "locale").filter(pk__in=ids)
                )
        window = criteria.time_window(now)
        for page in pages:
            if page._meta.model_name == "eventpage":
                set_listed_date(page, window)
        order = {entry: position for position, entry in enumerate(cached)}
        return sorted(pages, key=lambda page: order[(page._meta.model_name, page.pk)])

    pages = []
    for model in models.values():
        pages += criteria.localized_pages(model, language_code)
    pages = sorted(pages, key=_sort_key(criteria))[: criteria.limit]
    cache.set(key, [(page._meta.model_name, page.pk) for page in pages], CACHE_TTL)
    return pages


def explain_empty(criteria, language_code=None):
    """For the editor: how many pages each criterion leaves, up to the one leaving none."""
    language_code = language_code or get_language()
    lines = []
    models = criteria.models
    querysets = {
        name: m.objects.live().public().filter(locale__language_code=SOURCE_LANGUAGE)
        for name, m in models.items()
    }
    count = sum(qs.count() for qs in querysets.values())
    lines.append((_("pages of the chosen types"), count))
    for label, apply in criteria.steps():
        if count == 0:
            break
        querysets = {name: apply(qs, models[name]) for name, qs in querysets.items()}
        count = sum(qs.distinct().count() for qs in querysets.values())
        lines.append((label, count))
    if count and criteria.only_translated and language_code != SOURCE_LANGUAGE:
        lines.append((_("translated into this language"), 0))
    return lines
