import datetime

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BASIC_BLOCKS
from core.models import DirectoryPage, ListingPage

from .recurrence import (
    ROME,
    Occurrence,
    RuleError,
    build_rule,
    check_rule,
    describe,
    is_bounded,
    normalise_rule,
    parse_dates,
)


def file_url(page, request, route_name):
    """The address of a route named like a file (feed.ics), without Wagtail's trailing slash:
    cms/urls.py passes such paths to Wagtail."""
    return page.get_url(request) + page.reverse_subpage(route_name).rstrip("/")


def still_on(moment):
    """Events whose last date ends at or after `moment` (rules without an end never finish)."""
    return Q(runs_until__gte=moment) | Q(runs_until__isnull=True)


class EventPage(RoutablePageMixin, DirectoryPage):
    """Something happening on a date, in Europe/Rome time; past events stay online, marked past.

    An event may repeat by an RFC 5545 rule (every Tuesday until June): its start is the first
    date, and its start and end times hold for every date."""

    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"), null=True, blank=True)
    organiser = models.ForeignKey(
        "associations.AssociationPage",
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recurrence = models.CharField(
        _("repeats"),
        max_length=255,
        blank=True,
        help_text=_(
            "Leave empty for a one-off event. An iCalendar rule: FREQ=WEEKLY;BYDAY=TU;"
            "UNTIL=20270630 is every Tuesday until 30 June 2027; FREQ=MONTHLY;BYDAY=1SA is "
            "the first Saturday of each month. The start above is the first date."
        ),
    )
    excluded_dates = models.CharField(
        _("except on"),
        max_length=1000,
        blank=True,
        help_text=_("Dates when a repeating event does not happen, like 2027-04-06, 2027-04-13."),
    )
    # Worked out on save from the start, end and rule: lets listings tell upcoming from past
    # in the database. Empty for a rule without an end.
    runs_until = models.DateTimeField(_("last date ends"), null=True, editable=False, db_index=True)
    free = models.BooleanField(_("free entry"), default=True)
    registration_required = models.BooleanField(_("registration required"), default=False)
    how_to_register = models.TextField(_("how to register"), blank=True)
    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)

    # Associations publish events in their own space (under their profile) too.
    parent_page_types = ["events.EventIndexPage", "associations.AssociationPage"]
    subpage_types = []

    translatable_fields = DirectoryPage.translatable_fields + [
        SynchronizedField("starts"),
        SynchronizedField("ends"),
        SynchronizedField("recurrence"),
        SynchronizedField("excluded_dates"),
        SynchronizedField("runs_until"),
        SynchronizedField("organiser"),
        SynchronizedField("free"),
        SynchronizedField("registration_required"),
        TranslatableField("how_to_register"),
        TranslatableField("body"),
    ]
    search_fields = DirectoryPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("starts"),
        index.FilterField("free"),
    ]
    content_panels = (
        DirectoryPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                    FieldPanel("recurrence"),
                    FieldPanel("excluded_dates"),
                    FieldPanel("organiser"),
                    FieldRowPanel([FieldPanel("free"), FieldPanel("registration_required")]),
                    FieldPanel("how_to_register"),
                ],
                heading=_("When and how"),
            ),
            FieldPanel("body"),
        ]
        + DirectoryPage.directory_panels
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def save(self, *args, **kwargs):
        # An event published in an association's space is that association's, unless told otherwise.
        if self.organiser_id is None and self.depth:
            parent = self.get_parent()
            if parent is not None and parent.specific_class.__name__ == "AssociationPage":
                from associations.spaces import source_page

                self.organiser = source_page(parent)
        self.recurrence = normalise_rule(self.recurrence)
        self.runs_until = self.last_moment()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "runs_until" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "runs_until"]
        super().save(*args, **kwargs)

    # --- Dates ---------------------------------------------------------------------------

    def repeat_rule(self):
        """The dateutil rule of a repeating event, or None (saved rules were checked)."""
        if not (self.recurrence and self.starts):
            return None
        try:
            return build_rule(normalise_rule(self.recurrence), self.starts)
        except RuleError:
            return None

    def skipped_dates(self):
        try:
            return set(parse_dates(self.excluded_dates))
        except RuleError:
            return set()

    @property
    def duration(self):
        return self.ends - self.starts if self.ends else datetime.timedelta(0)

    def _occurrence(self, starts):
        ends = starts + self.duration if self.ends else None
        return Occurrence(starts.astimezone(ROME), ends.astimezone(ROME) if ends else None)

    def occurrences(self, start=None, end=None, limit=None):
        """The dates of the event in time order that are still on at `start` and begin
        before `end` (both optional), at most `limit` of them."""
        rule = self.repeat_rule()
        if rule is None:
            candidates = [self.starts]
        else:
            # A date that began before `start` may still be on at `start`.
            earliest = self.starts if start is None else max(self.starts, start - self.duration)
            candidates = rule.xafter(earliest.replace(microsecond=0).astimezone(ROME), inc=True)
            if end is None and limit is None and not is_bounded(rule):
                limit = 100
        skipped = self.skipped_dates()
        found = []
        for moment in candidates:
            if end is not None and moment >= end:
                break
            occurrence = self._occurrence(moment)
            if occurrence.starts.date() in skipped:
                continue
            if start is not None and occurrence.last_moment < start:
                continue
            found.append(occurrence)
            if limit is not None and len(found) >= limit:
                break
        return found

    def next_occurrence(self, after=None):
        """The first date still on at `after` (now by default), or None."""
        found = self.occurrences(after or timezone.now(), limit=1)
        return found[0] if found else None

    def last_occurrence(self, before=None):
        """The last date that began before `before` (now by default), or None."""
        before = before or timezone.now()
        rule = self.repeat_rule()
        if rule is None:
            return self._occurrence(self.starts) if self.starts < before else None
        skipped = self.skipped_dates()
        moment = rule.before(before.astimezone(ROME))
        while moment is not None and moment.date() in skipped:
            moment = rule.before(moment)
        return self._occurrence(moment) if moment is not None else None

    def last_moment(self):
        """When the last date ends: None for a rule that goes on for ever."""
        rule = self.repeat_rule()
        if rule is None:
            return self.ends or self.starts
        if not is_bounded(rule):
            return None
        skipped = self.skipped_dates()
        dates = [moment for moment in rule if moment.date() not in skipped]
        return self._occurrence(dates[-1] if dates else self.starts).last_moment

    @property
    def shown_start(self):
        """The start a card shows: the listed date, else for a repeating event its next one."""
        listed = getattr(self, "listed", None)
        if listed is not None:
            return listed.starts
        if self.recurrence:
            occurrence = self.next_occurrence() or self.last_occurrence()
            if occurrence is not None:
                return occurrence.starts
        return self.starts

    def recurrence_text(self):
        """'Every week on Tuesday until 30 June 2027', or None for rules not simple to say."""
        rule = self.repeat_rule()
        return describe(rule) if rule is not None else None

    @property
    def is_past(self):
        if self.recurrence:
            return self.runs_until is not None and self.runs_until < timezone.now()
        return (self.ends or self.starts) < timezone.now()

    @property
    def ical_uid(self):
        """The same in every language: calendars see one event, whichever feed they read."""
        from .ical import calendar_domain

        return f"event-{self.translation_key}@{calendar_domain()}"

    @path("event.ics/", name="ical")
    def ical(self, request):
        from .ical import calendar_response, event_calendar

        return calendar_response(event_calendar(self, request), f"{self.slug}.ics", attachment=True)

    def ical_url(self, request=None):
        return file_url(self, request, "ical")

    def get_context(self, request, *args, **kwargs):
        from .schema import event_data

        context = super().get_context(request, *args, **kwargs)
        # The events list of this page's language: the page links its feeds.
        index = EventIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context.update(
            event_ical_url=self.ical_url(request),
            feeds=index.feed_urls(request, filtered=False) if index else None,
            structured_data=event_data(self, request),
        )
        if self.recurrence:
            context["next_dates"] = self.occurrences(timezone.now(), limit=6)
            context["skipped_dates"] = sorted(self.skipped_dates())
        return context

    @property
    def organiser_localized(self):
        """The organiser's profile in this page's language, or the Italian one."""
        if self.organiser is None:
            return None
        return (
            self.organiser.get_translations(inclusive=True).filter(locale=self.locale_id).first()
            or self.organiser
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("An event cannot end before it starts.")
        self.recurrence = normalise_rule(self.recurrence)
        if self.recurrence and self.starts:
            try:
                check_rule(self.recurrence, self.starts)
            except RuleError as error:
                errors["recurrence"] = str(error)
        try:
            skipped = parse_dates(self.excluded_dates)
        except RuleError as error:
            errors["excluded_dates"] = str(error)
        else:
            if skipped and not self.recurrence:
                errors["excluded_dates"] = _("Only a repeating event can skip dates.")
            self.excluded_dates = ", ".join(day.isoformat() for day in skipped)
        if errors:
            raise ValidationError(errors)


class EventIndexPage(RoutablePageMixin, ListingPage):
    """The events of one language: upcoming, past, a month calendar, and feeds of all three.

    Each view reads the same filters from the query string, so a filtered list links the feeds
    and calendar of exactly what it shows. Repeating events are listed once, at their next
    (or, among past events, their last) date; the calendar shows every date."""

    listed_model = EventPage
    feed_size = 50
    # Calendars keep recently finished events; older ones only weigh down every refresh.
    feed_keeps_past = datetime.timedelta(days=30)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of events")

    @property
    def filterset_class(self):
        from .filters import EventFilterSet

        return EventFilterSet

    def listed_pages(self):
        # Events live here and under association profiles: list all of this language's.
        return (
            EventPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("municipality", "locale")
            .prefetch_related("topics", "audiences")
        )

    def filtered(self, request):
        """(filterset, errors) for the filters in the request's query string."""
        from .filters import forgiving_filterset

        return forgiving_filterset(self.filterset_class, request.GET, self.listed_pages())

    @staticmethod
    def dated(events, *, past, date_range=(None, None)):
        """The events that have a date in the range, each with `listed` set to that date:
        the next one in time order, or for past events the last one, latest first."""
        now = timezone.now()
        start, end = date_range
        listed = []
        for event in events:
            if past:
                before = min(now, end) if end else now
                occurrence = event.last_occurrence(before)
                if occurrence is not None and start and occurrence.last_moment < start:
                    occurrence = None
            else:
                found = event.occurrences(max(now, start) if start else now, end, limit=1)
                occurrence = found[0] if found else None
            if occurrence is not None:
                event.listed = occurrence
                listed.append(event)
        listed.sort(key=lambda event: event.listed.starts, reverse=past)
        return listed

    def upcoming_events(self, filterset):
        now = timezone.now()
        events = filterset.qs.filter(still_on(now)).order_by("starts")
        return self.dated(events, past=False, date_range=filterset.date_range())

    # --- Views ---------------------------------------------------------------------------

    def get_context(self, request, *args, view="upcoming", year=None, month=None, **kwargs):
        from django.core.paginator import Paginator

        from .calendar import MonthCalendar

        # Not ListingPage's queryset pagination: events are ordered by their next date,
        # which repeating events only know in Python.
        context = super(ListingPage, self).get_context(request, *args, **kwargs)
        filterset, errors = self.filtered(request)
        context.update(
            filterset=filterset,
            filter_errors=errors,
            view=view,
            feeds=self.feed_urls(request),
            upcoming_url=self.get_url(request) + self.filter_query(request),
            past_url=self.route_url(request, "past", filtered=True),
            calendar_url=self.route_url(request, "calendar", filtered=True),
        )
        now = timezone.now()
        if view == "calendar":
            month_view = MonthCalendar(year, month)
            month_view.place(
                filterset.qs.filter(starts__lt=month_view.end).filter(still_on(month_view.start)),
                filterset.date_range(),
            )
            context.update(
                month=month_view,
                previous_url=self.calendar_url(request, *month_view.previous),
                next_url=self.calendar_url(request, *month_view.next),
            )
            return context
        if view == "past":
            events = filterset.qs.filter(runs_until__lt=now).order_by("-runs_until")
            events = self.dated(events, past=True, date_range=filterset.date_range())
        else:
            events = self.upcoming_events(filterset)
        context["pages"] = Paginator(events, self.per_page).get_page(request.GET.get("page"))
        return context

    @path("")
    def upcoming(self, request):
        # `?when=past` is how the past list was reached before it had its own address.
        past = request.GET.get("when") == "past"
        return self.render(request, view="past" if past else "upcoming")

    @path("past/", name="past")
    def past(self, request):
        return self.render(request, view="past")

    @path("calendar/", name="calendar")
    def calendar_now(self, request):
        today = timezone.localdate()
        return self.calendar_month(request, today.year, today.month)

    @path("calendar/<int:year>/<int:month>/", name="calendar_month")
    def calendar_month(self, request, year, month):
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404("No such month")
        return self.render(
            request,
            view="calendar",
            year=year,
            month=month,
            template="events/event_calendar_page.html",
        )

    @path("feed.ics/", name="feed_ics")
    def feed_ics(self, request):
        from .ical import calendar_response, events_calendar

        filterset, _errors = self.filtered(request)
        events = filterset.qs.filter(still_on(timezone.now() - self.feed_keeps_past))
        events = events.order_by("starts")
        return calendar_response(events_calendar(self, events, request), f"{self.slug}.ics")

    @path("feed.rss/", name="feed_rss")
    def feed_rss(self, request):
        from .feeds import EventsRssFeed

        return EventsRssFeed()(request, index=self)

    @path("feed.atom/", name="feed_atom")
    def feed_atom(self, request):
        from .feeds import EventsAtomFeed

        return EventsAtomFeed()(request, index=self)

    # --- Addresses -----------------------------------------------------------------------

    @staticmethod
    def filter_query(request):
        """'?municipality=…&topic=…': the request's filters, for links to the other views."""
        query = request.GET.copy()
        for name in ("page", "when"):
            query.pop(name, None)
        return "?" + query.urlencode() if query else ""

    def route_url(self, request, name, *args, filtered=False):
        """The address of one of this page's views, keeping the filters if `filtered`."""
        if name.startswith("feed_"):
            url = file_url(self, request, name)
        else:
            url = self.get_url(request) + self.reverse_subpage(name, args=args)
        return url + self.filter_query(request) if filtered else url

    def calendar_url(self, request, year, month):
        return self.route_url(request, "calendar_month", year, month, filtered=True)

    def feed_urls(self, request, filtered=True):
        """{'ics', 'rss', 'atom'}: this language's feeds, filtered like the request."""
        return {kind: self.route_url(request, f"feed_{kind}", filtered=filtered) for kind in FEEDS}


FEEDS = ("ics", "rss", "atom")
