import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import DirectoryFilterSet

from .models import CoursePage

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class CourseFilterSet(DirectoryFilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=CoursePage.Level.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of course"), choices=CoursePage.Kind.choices, empty_label=_("All")
    )
    childcare = django_filters.ChoiceFilter(
        label=_("Childcare"), choices=YES_NO, empty_label=_("All"), method="filter_yes_no"
    )
    free = django_filters.ChoiceFilter(
        label=_("Free of charge"), choices=YES_NO, empty_label=_("All"), method="filter_yes_no"
    )
    status = django_filters.ChoiceFilter(
        label=_("Enrolment"),
        choices=CoursePage.Status.choices,
        empty_label=_("All"),
        method="filter_status",
    )

    def filter_yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "yes"})

    def filter_status(self, queryset, name, value):
        # Same rule as CoursePage.current_status: a course that has ended is closed.
        ended = Q(ends__lt=timezone.localdate())
        if value == CoursePage.Status.CLOSED:
            return queryset.filter(ended | Q(status=value))
        return queryset.filter(status=value).exclude(ended)
