"""The admin report "What residents search for": the most frequent searches and the searches
that found nothing, per language, over the last 7, 30 or 90 days, with a CSV/Excel export."""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SearchQueryLog

LANGUAGE_NAMES = dict(settings.LANGUAGES)
PERIODS = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
]
DEFAULT_PERIOD = "30"
ZERO_RESULTS_ROWS = 50

permission_policy = ModelPermissionPolicy(SearchQueryLog)


def first_day(period):
    """The first day counted in the last `period` days, today included."""
    return timezone.localdate() - datetime.timedelta(days=int(period) - 1)


class SearchQueryFilterSet(WagtailFilterSet):
    lang = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    period = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=PERIODS,
        empty_label=None,
        initial=DEFAULT_PERIOD,
        method="filter_period",
    )

    class Meta:
        model = SearchQueryLog
        fields = ["lang", "period"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(day__gte=first_day(value or DEFAULT_PERIOD))


def spreadsheet_text(value):
    """What residents typed, never read as a formula by a spreadsheet program."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def language_name(row):
    return LANGUAGE_NAMES.get(row["lang"], row["lang"])


class SearchQueriesReportView(ReportView):
    page_title = _("What residents search for")
    header_icon = "search"
    index_url_name = "search_queries_report"
    index_results_url_name = "search_queries_report_results"
    results_template_name = "search/admin/report_results.html"
    filterset_class = SearchQueryFilterSet
    permission_policy = permission_policy
    permission_required = "view"
    paginate_by = 50
    export_filename = "what-residents-search-for"
    list_export = ["lang", "query", "total_searches", "total_zero_results"]
    export_headings = {
        "lang": _("Language"),
        "query": _("Search words"),
        "total_searches": _("Searches"),
        "total_zero_results": _("Searches with no results"),
    }
    custom_field_preprocess = {
        "query": {ReportView.FORMAT_CSV: spreadsheet_text, ReportView.FORMAT_XLSX: str}
    }
    columns = [
        Column("lang", label=_("Language"), accessor=language_name),
        Column("query", label=_("Search words")),
        Column("total_searches", label=_("Searches")),
        Column("total_zero_results", label=_("Searches with no results")),
    ]
    zero_results_columns = [
        Column("lang", label=_("Language"), accessor=language_name),
        Column("query", label=_("Search words")),
        Column("total_zero_results", label=_("Searches with no results")),
    ]

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if not kwargs["data"].get("period"):
            data = kwargs["data"].copy()
            data["period"] = DEFAULT_PERIOD
            kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        return SearchQueryLog.objects.all()

    def get_filtered_queryset(self):
        logs = self.filter_queryset(self.get_queryset())
        if not (self.filters and self.filters.is_valid()):  # a bad period: the default one
            logs = logs.filter(day__gte=first_day(DEFAULT_PERIOD))
        totals = logs.values("lang", "query").annotate(
            total_searches=Sum("searches"), total_zero_results=Sum("zero_results")
        )
        self.zero_results = list(
            totals.filter(total_zero_results__gt=0).order_by(
                "-total_zero_results", "lang", "query"
            )[:ZERO_RESULTS_ROWS]
        )
        return totals.order_by("-total_searches", "lang", "query")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["zero_results_table"] = Table(
            self.zero_results_columns, self.zero_results, base_url=self.index_url
        )
        context["zero_results"] = self.zero_results
        return context
