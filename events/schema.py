"""schema.org data (JSON-LD) for events and courses: what search engines show as dates."""

import datetime

from dateutil.rrule import WEEKLY

from core.templatetags.portal_tags import content_language_of, localized_name

from .recurrence import ISO_PERIODS, ROME

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def day_url(weekday):
    return f"https://schema.org/{DAYS[weekday]}"


def place(page):
    """A Place with its postal address and coordinates, or None when the page has no place."""
    municipality = localized_name(page.municipality) if page.municipality_id else ""
    if not (page.location_name or page.address or municipality):
        return None
    data = {
        "@type": "Place",
        "name": page.location_name or municipality,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": page.address or None,
            "addressLocality": municipality or None,
            "addressRegion": "Lombardia",
            "addressCountry": "IT",
        },
    }
    if page.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(page.latitude),
            "longitude": float(page.longitude),
        }
    return data


def free_offer(url):
    return {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": url}


def event_schedule(event):
    """A schema.org Schedule for a repeating event, when the rule fits its vocabulary."""
    rule = event.repeat_rule()
    if rule is None or rule._freq not in ISO_PERIODS or rule._bysetpos or rule._bynweekday:
        return None
    starts = event.starts.astimezone(ROME)
    schedule = {
        "@type": "Schedule",
        "repeatFrequency": ISO_PERIODS[rule._freq].format(rule._interval),
        "startDate": starts.date().isoformat(),
        "startTime": starts.strftime("%H:%M"),
        "scheduleTimezone": "Europe/Rome",
    }
    if rule._freq == WEEKLY:
        schedule["byDay"] = [day_url(day) for day in sorted(rule._byweekday or ())]
    if event.ends:
        schedule["endTime"] = event.ends.astimezone(ROME).strftime("%H:%M")
    if event.runs_until:
        schedule["endDate"] = event.runs_until.astimezone(ROME).date().isoformat()
    if rule._count:
        schedule["repeatCount"] = rule._count
    skipped = sorted(event.skipped_dates())
    if skipped:
        schedule["exceptDate"] = [day.isoformat() for day in skipped]
    return schedule


def event_data(event, request):
    url = event.get_full_url(request)
    occurrence = event.next_occurrence() or event.last_occurrence()
    if occurrence is None:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or None,
        "url": url,
        "inLanguage": content_language_of(event),
        "startDate": occurrence.starts.isoformat(),
        "endDate": occurrence.ends.isoformat() if occurrence.ends else None,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": event.free,
        "location": place(event),
    }
    if event.free:
        data["offers"] = free_offer(url)
    organiser = event.organiser_localized
    if organiser is not None:
        data["organizer"] = {"@type": "Organization", "name": organiser.title}
        if organiser.live:
            data["organizer"]["url"] = organiser.get_full_url(request)
    if event.recurrence:
        data["eventSchedule"] = event_schedule(event)
        # Clients that ignore Schedule still see the next few dates.
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": event.title,
                "startDate": next_one.starts.isoformat(),
                "endDate": next_one.ends.isoformat() if next_one.ends else None,
                "location": data["location"],
            }
            for next_one in event.occurrences(occurrence.starts, limit=5)
        ]
    return prune(data)


def course_data(course, request):
    url = course.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.summary or course.title,
        "url": url,
        "inLanguage": content_language_of(course),
        "educationalLevel": course.level or None,
        "isAccessibleForFree": course.free,
        "provider": {"@type": "Organization", "name": course.provider} if course.provider else None,
    }
    if course.free:
        data["offers"] = {**free_offer(url), "category": "Free"}
    instance = {
        "@type": "CourseInstance",
        "courseMode": "Onsite",
        "startDate": course.starts.isoformat() if course.starts else None,
        "endDate": course.ends.isoformat() if course.ends else None,
        "location": place(course),
        "courseSchedule": [
            {
                "@type": "Schedule",
                "repeatFrequency": "P1W",
                "byDay": day_url(session.weekday),
                "startTime": session.start_time.strftime("%H:%M"),
                "endTime": session.end_time.strftime("%H:%M"),
                "startDate": course.starts.isoformat() if course.starts else None,
                "endDate": course.ends.isoformat() if course.ends else None,
                "scheduleTimezone": "Europe/Rome",
            }
            for session in course.sessions.all()
        ],
    }
    data["hasCourseInstance"] = [instance]
    return prune(data)


def prune(value):
    """Leave out empty values: schema.org readers prefer a missing property to a null one."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [prune(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
