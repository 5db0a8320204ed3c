from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchQueriesReportView, permission_policy


class SearchQueriesReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_queries_report_urls():
    return [
        path(
            "reports/searches/",
            SearchQueriesReportView.as_view(),
            name="search_queries_report",
        ),
        path(
            "reports/searches/results/",
            SearchQueriesReportView.as_view(results_only=True),
            name="search_queries_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_queries_report_menu_item():
    return SearchQueriesReportMenuItem(
        _("What residents search for"),
        reverse("search_queries_report"),
        icon_name="search",
        order=900,
    )


@hooks.register("register_permissions")
def register_search_queries_permission():
    """Lets administrators give communications staff's group the report."""
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_searchquerylog"
    )
