import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import DirectoryFilterSet


class EventFilterSet(DirectoryFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=None,
        method="filter_when",
    )
    free = django_filters.BooleanFilter(label=_("Free entry only"), method="filter_free")

    def __init__(self, data=None, *args, **kwargs):
        # Upcoming events are what residents want unless they ask for the past.
        data = data.copy() if data is not None else {}
        data.setdefault("when", "upcoming")
        super().__init__(data, *args, **kwargs)

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        still_on = Q(ends__gte=now) | Q(ends__isnull=True, starts__gte=now)
        if value == "past":
            return queryset.exclude(still_on).order_by("-starts")
        return queryset.filter(still_on).order_by("starts")

    def filter_free(self, queryset, name, value):
        return queryset.filter(free=True) if value else queryset
