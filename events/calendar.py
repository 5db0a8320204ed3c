"""A month of events laid out in weeks, Monday first as in Italy, for the calendar table."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .recurrence import ROME


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list = field(default_factory=list)  # (occurrence, event) in time order


class MonthCalendar:
    def __init__(self, year, month):
        self.year = year
        self.month = month
        self.first = datetime.date(year, month, 1)
        self.start = datetime.datetime.combine(self.first, datetime.time(), ROME)
        following = self.next
        self.end = datetime.datetime.combine(datetime.date(*following, 1), datetime.time(), ROME)
        today = timezone.localdate()
        self.weeks = [
            [Day(day, day.month == month, day == today) for day in week]
            for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
                year, month
            )
        ]
        self.days = {day.date: day for week in self.weeks for day in week if day.in_month}

    @property
    def previous(self):
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self):
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)

    def place(self, events, date_range=(None, None)):
        """Put every date of `events` in this month (and in `date_range`, the chosen dates)
        on the days it covers."""
        start = max(self.start, date_range[0] or self.start)
        end = min(self.end, date_range[1] or self.end)
        for event in events:
            for occurrence in event.occurrences(start, end):
                month_last = max(self.days)
                last_day = min(occurrence.last_moment.astimezone(ROME).date(), month_last)
                day = max(occurrence.starts.date(), self.first)
                while day <= last_day:
                    self.days[day].entries.append((occurrence, event))
                    day += datetime.timedelta(days=1)
        for day in self.days.values():
            day.entries.sort(key=lambda entry: (entry[0].starts, entry[1].title))

    @property
    def weekday_names(self):
        from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

        return [{"full": WEEKDAYS[day], "short": WEEKDAYS_ABBR[day]} for day in range(7)]

    @property
    def has_events(self):
        return any(day.entries for day in self.days.values())
