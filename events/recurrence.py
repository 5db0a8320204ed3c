"""Recurring events: an RFC 5545 rule (RRULE) read with dateutil, expanded in Europe/Rome time.

Editors write the rule part of an RRULE line, e.g. ``FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630``;
the event's own start is the rule's DTSTART. Occurrences keep the start's wall-clock time, so
an event at 18:00 stays at 18:00 local time across the change to and from summer time.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.utils.translation import gettext_lazy as _

ROME = ZoneInfo("Europe/Rome")
# Coarser than a day only: hourly rules make no sense for events and expand to thousands.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
MAX_OCCURRENCES = 1000
# Languages that write weekday names in lower case inside a sentence; Django's names are
# capitalised for use on their own.
LOWER_CASE_WEEKDAYS = {"it", "fr", "es", "uk", "sq"}
ISO_PERIODS = {DAILY: "P{}D", WEEKLY: "P{}W", MONTHLY: "P{}M", YEARLY: "P{}Y"}


class RuleError(ValueError):
    """A rule that cannot be used; the message is meant for the editor."""


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: its start and end (None when the event has no end time)."""

    starts: datetime.datetime
    ends: datetime.datetime | None

    @property
    def last_moment(self):
        return self.ends or self.starts


def normalise_rule(text):
    """The rule as stored: capitals, no spaces, no 'RRULE:' prefix."""
    text = "".join((text or "").split()).upper()
    return text.removeprefix("RRULE:").strip(";")


def _parts(rule):
    parts = {}
    for part in rule.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value:
            raise RuleError(_("Write the rule as NAME=VALUE parts separated by semicolons."))
        parts[name] = value
    return parts


def _until_in_utc(value):
    """UNTIL as RFC 5545 wants it beside a start with a time zone: a UTC date-time.

    A bare date means 'until the end of that day' in Italy."""
    if value.endswith("Z"):
        return value
    try:
        if len(value) == 8:
            day = datetime.datetime.strptime(value, "%Y%m%d")
            local = datetime.datetime.combine(day, datetime.time(23, 59, 59), ROME)
        else:
            local = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=ROME)
    except ValueError as error:
        raise RuleError(_("UNTIL must be a date like 20270630.")) from error
    return local.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def rfc_rule(rule):
    """The stored rule with UNTIL in UTC, for dateutil and for iCalendar files."""
    parts = _parts(rule)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_in_utc(parts["UNTIL"])
    return ";".join(f"{name}={value}" for name, value in parts.items())


def build_rule(rule, starts):
    """A dateutil rrule for `rule` starting at `starts`, or RuleError saying what is wrong."""
    parts = _parts(rule)
    if parts.get("FREQ") not in FREQUENCIES:
        raise RuleError(_("Start with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY."))
    if "DTSTART" in parts or "TZID" in parts:
        raise RuleError(_("Leave out DTSTART: the event's start is used."))
    try:
        # Rules count in whole seconds (dateutil drops microseconds).
        return rrulestr(rfc_rule(rule), dtstart=starts.astimezone(ROME).replace(microsecond=0))
    except RuleError:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise RuleError(
            _("This is not a valid repeat rule: %(error)s") % {"error": error}
        ) from error


def check_rule(rule, starts):
    """Raise RuleError unless the rule is usable with this start; return the built rule."""
    built = build_rule(rule, starts)
    starts = starts.replace(microsecond=0)
    if built.after(starts, inc=True) != starts:
        raise RuleError(
            _("The event's start must be the first date of the rule (e.g. a Tuesday for BYDAY=TU).")
        )
    if is_bounded(built) and built.count() > MAX_OCCURRENCES:
        raise RuleError(_("The rule makes too many dates: use an earlier UNTIL or a COUNT."))
    return built


def is_bounded(built):
    return built._until is not None or built._count is not None


def parse_dates(text):
    """Dates written as YYYY-MM-DD, separated by commas, spaces or new lines."""
    dates = []
    for chunk in (text or "").replace(",", " ").split():
        try:
            dates.append(datetime.date.fromisoformat(chunk))
        except ValueError as error:
            raise RuleError(
                _("%(value)s is not a date: write dates like 2027-04-06.") % {"value": chunk}
            ) from error
    return sorted(set(dates))


def describe(built):
    """Plain words for simple weekly rules ('Every week on Tuesday until 30 June 2027'), or
    None: anything more complex is shown as its next dates instead."""
    from django.utils.dates import WEEKDAYS
    from django.utils.formats import date_format
    from django.utils.translation import get_language

    if built._freq != WEEKLY or built._interval != 1 or built._count or built._bysetpos:
        return None
    days = ", ".join(str(WEEKDAYS[day]) for day in sorted(built._byweekday or ()))
    if get_language() in LOWER_CASE_WEEKDAYS:
        days = days.lower()
    if built._until is not None:
        until = date_format(built._until.astimezone(ROME).date(), "DATE_FORMAT")
        return _("Every week on %(days)s until %(date)s") % {"days": days, "date": until}
    return _("Every week on %(days)s") % {"days": days}
