"""The coordinators' admin views beside the registry's modeladmin: handling a request (suggested
mediators, assign, done, cancel), a mediator's data export and erasure, and the funder's report.

Open to whoever has the model permissions the mediators' migration gives to "Mediator
coordinators" and "Administrators" (and to superusers); everyone else gets 403."""

import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from . import workflow
from .forms import DoneForm
from .languages import language_name
from .models import Area, Mediator, MediatorRequest, PersonalDataAccess

requests_policy = ModelPermissionPolicy(MediatorRequest)
mediators_policy = ModelPermissionPolicy(Mediator)


class CsvInAdminLanguage:
    """Wagtail streams a CSV export after the view has returned, when the person's admin
    language is no longer active: headings and names would come out in the site's language.
    The registry and the report are small, so the file is written whole, inside the view."""

    def write_csv_response(self, queryset):
        response = HttpResponse(b"".join(self.stream_csv(queryset)), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


def requests_breadcrumb():
    from .wagtail_hooks import MediatorRequestAdmin

    return {
        "url": MediatorRequestAdmin().url_helper.index_url,
        "label": gettext_lazy("Mediator requests"),
    }


def mediators_breadcrumb():
    from .wagtail_hooks import MediatorAdmin

    return {"url": MediatorAdmin().url_helper.index_url, "label": gettext_lazy("Mediators")}


# --- A request: suggestions and status ---------------------------------------------------------


class RequestHandleView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = requests_policy
    permission_required = "change"
    template_name = "mediators/admin/request_handle.html"
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            MediatorRequest.objects.select_related("municipality", "mediator"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [requests_breadcrumb(), {"url": "", "label": self.object}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        open_request = r.status in (MediatorRequest.Status.NEW, MediatorRequest.Status.ASSIGNED)
        context.update(
            {
                "mediator_request": r,
                "language": language_name(r.language),
                "suggestions": workflow.suggestions(r) if open_request else [],
                "can_assign": open_request,
                "can_close": r.status == MediatorRequest.Status.ASSIGNED,
                "can_cancel": open_request,
                "done_form": kwargs.get("done_form")
                or DoneForm(initial={"duration_minutes": r.duration_minutes}),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "assign":
                mediator = Mediator.objects.filter(pk=request.POST.get("mediator") or 0).first()
                if mediator is None:
                    raise workflow.TransitionError(_("Choose a mediator to assign."))
                workflow.assign(self.object, mediator)
                messages.success(
                    request,
                    _("Assigned to %(mediator)s. The requester and the mediator get an e-mail.")
                    % {"mediator": mediator},
                )
            elif action == "done":
                form = DoneForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(done_form=form))
                workflow.mark_done(self.object, form.cleaned_data["duration_minutes"])
                messages.success(request, _("The request is done."))
            elif action == "cancel":
                workflow.cancel(self.object)
                messages.success(request, _("The request is cancelled."))
            else:
                messages.error(request, _("Unknown action."))
        except workflow.TransitionError as error:
            messages.error(request, str(error))
        return redirect("mediator_request_handle", self.object.pk)


# --- A mediator's own data: export and erasure ---------------------------------------------------


def require(user, policy, action):
    if not policy.user_has_permission(user, action):
        raise PermissionDenied


def mediator_data(mediator):
    """Everything the registry holds about one mediator, for their data-access request."""
    fields = [
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
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
        "status",
        "created_at",
        "updated_at",
    ]
    data = {name: getattr(mediator, name) for name in fields}
    data["languages"] = [
        {"language": row.language, "level": row.level} for row in mediator.languages.all()
    ]
    data["areas"] = [area.code for area in mediator.areas.all()]
    data["municipalities"] = [m.name for m in mediator.municipalities.all()]
    data["requests"] = [
        {
            "id": r.pk,
            "language": r.language,
            "service_type": r.service_type,
            "starts_at": r.starts_at,
            "duration_minutes": r.duration_minutes,
            "status": r.status,
        }
        for r in mediator.requests.order_by("starts_at")
    ]
    return data


def export_mediator_data(request, pk):
    require(request.user, mediators_policy, "view")
    mediator = get_object_or_404(Mediator, pk=pk)
    PersonalDataAccess.record(request.user, PersonalDataAccess.Action.DATA_EXPORT, mediator)
    response = HttpResponse(
        json.dumps(mediator_data(mediator), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="mediator-{mediator.pk}.json"'
    return response


def erase_mediator(mediator, user=None):
    """Delete the mediator's record; their requests stay, without them, for the figures."""
    PersonalDataAccess.record(user, PersonalDataAccess.Action.ERASE, mediator)
    mediator.delete()


class EraseMediatorView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = mediators_policy
    permission_required = "delete"
    template_name = "mediators/admin/erase.html"
    header_icon = "bin"
    page_title = gettext_lazy("Erase a mediator's data")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Mediator, pk=kwargs["pk"])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [mediators_breadcrumb(), {"url": "", "label": self.object}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mediator"] = self.object
        context["requests_count"] = self.object.requests.count()
        return context

    def post(self, request, *args, **kwargs):
        erase_mediator(self.object, request.user)
        messages.success(request, _("The mediator's personal data have been erased."))
        return redirect(mediators_breadcrumb()["url"])


# --- The funder's report -------------------------------------------------------------------------


class FunderReportFilterSet(WagtailFilterSet):
    starts_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date of the request"), widget=DateRangePickerWidget
    )

    class Meta:
        model = MediatorRequest
        fields = ["starts_at"]


def hours(minutes):
    return round((minutes or 0) / 60, 2)


def breakdown(requests, field, label, name_of):
    """One row per value of `field`, sorted by its name (months by date); an empty value last."""
    rows = requests.values(field).annotate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=MediatorRequest.Status.DONE)),
        minutes=Sum("duration_minutes", filter=Q(status=MediatorRequest.Status.DONE)),
    )
    rows = [
        {
            "breakdown": label,
            "value": str(name_of(row[field])),
            "requests": row["total"],
            "done": row["done"],
            "hours": hours(row["minutes"]),
            "key": row[field],
        }
        for row in rows
    ]
    rows.sort(key=lambda row: (row["key"] is None, row["value"].casefold()))
    for row in rows:
        del row["key"]
    return rows


def funder_rows(requests):
    """Requests and hours delivered (done requests' durations) by month, language, municipality
    and type of service, then the totals: one table, for the page and the CSV alike."""
    service_names = dict(Area.choices)
    municipality_names = dict(
        requests.filter(municipality__isnull=False).values_list(
            "municipality_id", "municipality__name"
        )
    )
    rows = []
    rows += breakdown(
        requests.annotate(month=TruncMonth("starts_at")),
        "month",
        _("Month"),
        lambda month: formats.date_format(month, "Y-m"),
    )
    rows += breakdown(requests, "language", _("Language"), language_name)
    rows += breakdown(
        requests,
        "municipality",
        _("Municipality"),
        lambda pk: municipality_names.get(pk) or _("Remote"),
    )
    rows += breakdown(
        requests, "service_type", _("Type of service"), lambda code: str(service_names.get(code))
    )
    totals = requests.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=MediatorRequest.Status.DONE)),
        minutes=Sum("duration_minutes", filter=Q(status=MediatorRequest.Status.DONE)),
    )
    rows.append(
        {
            "breakdown": _("Total"),
            "value": "",
            "requests": totals["total"],
            "done": totals["done"],
            "hours": hours(totals["minutes"]),
        }
    )
    return rows


class FunderReportView(CsvInAdminLanguage, ReportView):
    page_title = gettext_lazy("Mediators: figures for the funder")
    header_icon = "table"
    index_url_name = "mediators_funder_report"
    index_results_url_name = "mediators_funder_report_results"
    results_template_name = "mediators/admin/funder_report_results.html"
    filterset_class = FunderReportFilterSet
    permission_policy = requests_policy
    permission_required = "view"
    paginate_by = None
    export_filename = "mediators-funder-report"
    list_export = ["breakdown", "value", "requests", "done", "hours"]
    export_headings = {
        "breakdown": gettext_lazy("Breakdown"),
        "value": gettext_lazy("Value"),
        "requests": gettext_lazy("Requests"),
        "done": gettext_lazy("Requests done"),
        "hours": gettext_lazy("Hours delivered"),
    }
    columns = [
        Column("breakdown", label=gettext_lazy("Breakdown")),
        Column("value", label=gettext_lazy("Value")),
        Column("requests", label=gettext_lazy("Requests")),
        Column("done", label=gettext_lazy("Requests done")),
        Column("hours", label=gettext_lazy("Hours delivered")),
    ]

    def get_queryset(self):
        return MediatorRequest.objects.all()

    def get_filtered_queryset(self):
        requests = self.filter_queryset(self.get_queryset())
        if self.filters is not None and not self.filters.is_valid():
            requests = self.get_queryset()  # bad dates in the URL: all requests, and a message
        return funder_rows(requests.order_by())
