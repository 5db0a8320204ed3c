"""iCalendar (RFC 5545) files: one event, a language's event feed, a course's weekly lessons.

Times are written in Europe/Rome with its VTIMEZONE, so calendar clients keep 18:00 at 18:00
across the summer-time change; repeating events are one VEVENT with an RRULE, and UIDs come
from the translation key, the same in every language.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Event, vRecur

from core.templatetags.portal_tags import localized_name, site_name

from .recurrence import ROME, parse_dates, rfc_rule

REFRESH = datetime.timedelta(hours=6)  # also X-PUBLISHED-TTL below


def calendar_domain():
    """The domain part of UIDs: CALENDAR_UID_DOMAIN, or the admin's host name.

    A UID must never change for an event, so production should set a fixed domain."""
    return getattr(settings, "CALENDAR_UID_DOMAIN", "") or (
        urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    )


def new_calendar(name, uid, description=""):
    """A calendar with a name, a stable UID and a refresh hint for subscribed clients."""
    calendar = Calendar.new(
        name=name,
        description=description or None,
        prodid=f"-//{site_name()}//{get_language()}",
        uid=f"{uid}-{get_language()}@{calendar_domain()}",
        refresh_interval=REFRESH,
    )
    # Outlook and Google read this instead of REFRESH-INTERVAL (RFC 7986).
    calendar.add("x-published-ttl", "PT6H")
    return calendar


def calendar_response(calendar, filename, attachment=False):
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def place_text(page):
    parts = [page.location_name, page.address]
    if page.municipality_id:
        municipality = localized_name(page.municipality)
        if municipality not in page.address:
            parts.append(municipality)
    return ", ".join(part for part in parts if part)


def _description(page, request, *lines):
    return "\n\n".join(line for line in (*lines, page.summary, page.get_full_url(request)) if line)


def _stamp(page):
    """DTSTAMP: when the information last changed (RFC 5545 3.8.7.2 for files without METHOD)."""
    moment = page.last_published_at or page.latest_revision_created_at or timezone.now()
    return moment.astimezone(datetime.UTC)


def event_component(event, request):
    starts = event.starts.astimezone(ROME)
    component = Event.new(
        uid=event.ical_uid,
        stamp=_stamp(event),
        last_modified=_stamp(event),
        start=starts,
        end=event.ends.astimezone(ROME) if event.ends else None,
        summary=event.title,
        description=_description(event, request),
        location=place_text(event) or None,
        url=event.get_full_url(request),
    )
    if event.recurrence:
        component.add("rrule", vRecur.from_ical(rfc_rule(event.recurrence)))
        for day in parse_dates(event.excluded_dates):
            # EXDATE matches DTSTART's value type and time zone.
            component.add("exdate", datetime.datetime.combine(day, starts.timetz()))
    if event.has_coordinates:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    return component


def event_calendar(event, request):
    calendar = new_calendar(event.title, f"event-{event.translation_key}")
    calendar.add_component(event_component(event, request))
    return calendar


def events_calendar(index, events, request):
    calendar = new_calendar(
        f"{index.title} – {site_name()}", f"events-{index.translation_key}", index.summary
    )
    for event in events:
        calendar.add_component(event_component(event, request))
    return calendar


def course_calendar(course, request):
    """The course's weekly lessons, each a VEVENT repeating weekly from the first lesson's day
    to the last lesson."""
    calendar = new_calendar(course.title, f"course-{course.translation_key}", course.summary)
    until = datetime.datetime.combine(course.ends, datetime.time(23, 59, 59), ROME)
    for session in course.sessions.all():
        days_to_first = (session.weekday - course.starts.weekday()) % 7
        first = course.starts + datetime.timedelta(days=days_to_first)
        if first > course.ends:
            continue
        component = Event.new(
            uid=f"course-{course.translation_key}-{session.weekday}-{session.start_time:%H%M}"
            f"@{calendar_domain()}",
            stamp=_stamp(course),
            last_modified=_stamp(course),
            start=datetime.datetime.combine(first, session.start_time, ROME),
            end=datetime.datetime.combine(first, session.end_time, ROME),
            summary=course.title,
            description=_description(course, request, course.provider),
            location=place_text(course) or None,
            url=course.get_full_url(request),
        )
        component.add("rrule", {"freq": "weekly", "until": until.astimezone(datetime.UTC)})
        calendar.add_component(component)
    return calendar
