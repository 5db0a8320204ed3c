"""The mediators' admin: the registry, the requests and the access log (wagtail-modeladmin), the
request handling, data export and erasure views, and the funder's report."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from . import admin_views
from .models import Mediator, MediatorRequest, PersonalDataAccess


class PersonalData:
    """Views of the registry that show personal data write who opened what."""

    log_action = None

    def get(self, request, *args, **kwargs):
        PersonalDataAccess.record(request.user, self.log_action, self.instance)
        return super().get(request, *args, **kwargs)


class MediatorInspectView(PersonalData, InspectView):
    log_action = PersonalDataAccess.Action.VIEW


class MediatorEditView(PersonalData, EditView):
    log_action = PersonalDataAccess.Action.EDIT


class MediatorIndexView(admin_views.CsvInAdminLanguage, IndexView):
    # The export's column headings (modeladmin reads them from the view, not the ModelAdmin).
    export_headings = {
        "last_name": gettext_lazy("Last name"),
        "first_name": gettext_lazy("First name"),
        "email": gettext_lazy("E-mail"),
        "phone": gettext_lazy("Phone"),
        "language_list": gettext_lazy("Languages"),
        "areas_list": gettext_lazy("Areas"),
        "municipalities_list": gettext_lazy("Municipalities served"),
        "get_training_display": gettext_lazy("Training"),
        "training_details": gettext_lazy("Training details"),
        "get_status_display": gettext_lazy("Status"),
        "consent_date": gettext_lazy("Consent given on"),
    }

    def as_spreadsheet(self, queryset, spreadsheet_format):
        PersonalDataAccess.record(
            self.request.user,
            PersonalDataAccess.Action.EXPORT,
            model=Mediator,
            details=f"{spreadsheet_format} {queryset.count()} rows {self.request.GET.urlencode()}",
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class MediatorPermissionHelper(PermissionHelper):
    """Model permissions decide (coordinators and administrators have them, by migration);
    deleting goes through "Erase", which is logged."""

    def user_can_delete_obj(self, user, obj):
        return False


class MediatorButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        if user.has_perm("mediators.view_mediator"):
            buttons.append(
                {
                    "url": reverse("mediator_data_export", args=[obj.pk]),
                    "label": _("Export data (JSON)"),
                    "classname": "button button-secondary",
                    "title": _("Everything the registry holds about this mediator"),
                }
            )
        if user.has_perm("mediators.delete_mediator"):
            buttons.append(
                {
                    "url": reverse("mediator_erase", args=[obj.pk]),
                    "label": _("Erase"),
                    "classname": "button no",
                    "title": _("Erase this mediator's personal data"),
                }
            )
        return buttons


class MediatorAdmin(ModelAdmin):
    model = Mediator
    menu_label = gettext_lazy("Registry")
    menu_icon = "group"
    permission_helper_class = MediatorPermissionHelper
    button_helper_class = MediatorButtonHelper
    index_view_class = MediatorIndexView
    inspect_view_class = MediatorInspectView
    edit_view_class = MediatorEditView
    inspect_view_enabled = True
    list_display = ["last_name", "first_name", "language_list", "status"]
    list_filter = ["languages__language", "areas", "municipalities", "status"]
    search_fields = ["first_name", "last_name", "email"]
    list_export = [
        "last_name",
        "first_name",
        "email",
        "phone",
        "language_list",
        "areas_list",
        "municipalities_list",
        "get_training_display",
        "training_details",
        "get_status_display",
        "consent_date",
    ]
    export_filename = "mediators-registry"
    inspect_view_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "status",
        "languages",
        "areas",
        "municipalities",
        "training",
        "training_details",
        "available_mornings",
        "available_afternoons",
        "available_evenings",
        "available_weekends",
        "available_remote",
        "availability_notes",
        "consent_date",
        "consent_scope",
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("languages", "areas", "municipalities")
        )

    def areas_list(self, obj):
        return ", ".join(str(area) for area in obj.areas.all())

    def municipalities_list(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())


class MediatorRequestPermissionHelper(PermissionHelper):
    """Requests come from the public form and change only through their status (handle view),
    which sends the e-mails: no add, edit or delete forms."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class MediatorRequestButtonHelper(ButtonHelper):
    def handle_button(self, obj):
        return {
            "url": reverse("mediator_request_handle", args=[obj.pk]),
            "label": _("Handle"),
            "classname": "button button-small",
            "title": _("Suggested mediators, assign, close"),
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.request.user.has_perm("mediators.change_mediatorrequest"):
            buttons.insert(0, self.handle_button(obj))
        return buttons

    def get_primary_button(self, obj):
        if self.request.user.has_perm("mediators.change_mediatorrequest"):
            return self.handle_button(obj)
        return super().get_primary_button(obj)


class MediatorRequestAdmin(ModelAdmin):
    model = MediatorRequest
    menu_label = gettext_lazy("Requests")
    menu_icon = "mail"
    permission_helper_class = MediatorRequestPermissionHelper
    button_helper_class = MediatorRequestButtonHelper
    list_display = ["organisation", "language", "starts_at", "municipality", "status", "created_at"]
    list_filter = ["status", "language", "service_type"]
    search_fields = ["organisation"]
    list_select_related = ["municipality"]


class AccessLogPermissionHelper(PermissionHelper):
    """The log is read, never written by hand: administrators see it."""

    def user_can_list(self, user):
        return self.user_has_specific_permission(user, "view_personaldataaccess")

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class PersonalDataAccessAdmin(ModelAdmin):
    model = PersonalDataAccess
    menu_label = gettext_lazy("Access log")
    menu_icon = "history"
    permission_helper_class = AccessLogPermissionHelper
    list_display = ["at", "username", "action", "object_type", "object_id", "details"]
    list_filter = ["action"]
    search_fields = ["username", "object_id"]


class MediatorsGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Mediators")
    menu_icon = "group"
    menu_order = 460
    items = [MediatorRequestAdmin, MediatorAdmin, PersonalDataAccessAdmin]


modeladmin_register(MediatorsGroup)


class FunderReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.requests_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_mediator_urls():
    return [
        path(
            "mediators/requests/<int:pk>/handle/",
            admin_views.RequestHandleView.as_view(),
            name="mediator_request_handle",
        ),
        path(
            "mediators/registry/<int:pk>/export/",
            admin_views.export_mediator_data,
            name="mediator_data_export",
        ),
        path(
            "mediators/registry/<int:pk>/erase/",
            admin_views.EraseMediatorView.as_view(),
            name="mediator_erase",
        ),
        path(
            "reports/mediators/",
            admin_views.FunderReportView.as_view(),
            name="mediators_funder_report",
        ),
        path(
            "reports/mediators/results/",
            admin_views.FunderReportView.as_view(results_only=True),
            name="mediators_funder_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_funder_report_menu_item():
    return FunderReportMenuItem(
        gettext_lazy("Mediators: figures for the funder"),
        reverse("mediators_funder_report"),
        icon_name="table",
        order=910,
    )
