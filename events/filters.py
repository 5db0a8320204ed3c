import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import DirectoryFilterSet

from .recurrence import ROME


def day_start(day):
    return datetime.datetime.combine(day, datetime.time(), ROME)


class EventFilterSet(DirectoryFilterSet):
    """Place, topic and audience, dates and cost. The dates narrow the database query; which
    date of a repeating event falls in the range is worked out by the page."""

    date_from = django_filters.DateFilter(
        label=_("From date"),
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To date"), method="filter_date_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    free = django_filters.BooleanFilter(label=_("Free entry only"), method="filter_free")

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(Q(runs_until__gte=day_start(value)) | Q(runs_until__isnull=True))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(starts__lt=day_start(value + datetime.timedelta(days=1)))

    def filter_free(self, queryset, name, value):
        return queryset.filter(free=True) if value else queryset

    def date_range(self):
        """(start, end) of the chosen dates as Europe/Rome moments, each None when not given."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        start = data.get("date_from")
        end = data.get("date_to")
        return (
            day_start(start) if start else None,
            day_start(end + datetime.timedelta(days=1)) if end else None,
        )


def forgiving_filterset(filterset_class, data, queryset):
    """A filterset on `data`, leaving out values it cannot use: (filterset, errors).

    Same rule as ListingPage: an old link or a typed URL is explained and the rest applies."""
    data = data.copy()
    filterset = filterset_class(data or None, queryset=queryset)
    errors = {}
    if filterset.is_bound and not filterset.is_valid():
        errors = filterset.form.errors
        for name in errors:
            data.pop(name, None)
        filterset = filterset_class(data or None, queryset=queryset)
    return filterset, errors
