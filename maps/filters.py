import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.filters import DirectoryFilterSet

from .places import PLACE_TYPES


class MapFilterSet(DirectoryFilterSet):
    """The listings' filters plus the kind of place. One filterset checks the query string once;
    its `filter_queryset` then applies to each kind's queryset."""

    type = django_filters.ChoiceFilter(
        label=_("What"),
        choices=[(key, label) for key, (_model, label) in PLACE_TYPES.items()],
        empty_label=_("All"),
        method="filter_type",
    )

    def filter_type(self, queryset, name, value):
        model, _label = PLACE_TYPES[value]
        return queryset if queryset.model is model else queryset.none()


def map_filterset(data):
    """(filterset, errors): bad values (an old link, a typed URL) are reported and left out."""
    filterset = MapFilterSet(data or None, queryset=Page.objects.none())
    errors = {}
    if filterset.is_bound and not filterset.is_valid():
        errors = filterset.form.errors
        data = data.copy()
        for name in errors:
            data.pop(name, None)
        filterset = MapFilterSet(data or None, queryset=Page.objects.none())
        filterset.is_valid()
    return filterset, errors
