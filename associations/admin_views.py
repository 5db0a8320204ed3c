"""The Redazione's side of the associations' onboarding (docs/associations.md, "Onboarding"):
requests from the public form to accept or reject, and each association's editors.

Open to superusers and to whoever may view (list, read) or change (decide, invite, remove)
association requests: the Redazione, by migration."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from . import onboarding, spaces
from .forms import DecisionForm, InviteEditorForm
from .models import AssociationPage, AssociationRequest

permission_policy = ModelPermissionPolicy(AssociationRequest)
LANGUAGE_NAMES = dict(settings.LANGUAGES)
INVITATION_NOT_SENT = gettext_lazy(
    "The invitation e-mail could not be sent. Invite the editor again from the association's "
    "editors."
)


def can(user, action):
    return permission_policy.user_has_permission(user, action)


def can_see(user):
    return permission_policy.user_has_any_permission(user, ["view", "change"])


def require(request, action):
    if not can(request.user, action):
        raise PermissionDenied


def language_name(association_request):
    return LANGUAGE_NAMES.get(association_request.language, association_request.language)


def label_of(name):
    return capfirst(AssociationRequest._meta.get_field(name).verbose_name)


def request_rows(association_request):
    """(label, value) of what the contact person wrote, for the request's page."""
    r = association_request
    return [
        (label_of("name"), r.name),
        (label_of("municipality"), r.municipality.name),
        (label_of("languages"), ", ".join(r.language_names())),
        (label_of("contact_name"), r.contact_name),
        (label_of("contact_email"), r.contact_email),
        (label_of("contact_phone"), r.contact_phone or "–"),
        (label_of("language"), language_name(r)),
        (label_of("created_at"), r.created_at),
        (label_of("consent_at"), r.consent_at),
    ]


def requests_breadcrumb():
    return {"url": reverse("association_requests"), "label": gettext_lazy("Association requests")}


def editors_breadcrumb():
    return {
        "url": reverse("association_editors_index"),
        "label": gettext_lazy("Association editors"),
    }


# --- Requests ----------------------------------------------------------------------------------


class RequestIndexView(IndexView):
    model = AssociationRequest
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    index_url_name = "association_requests"
    index_results_url_name = "association_requests_results"
    inspect_url_name = "association_request_detail"
    list_filter = ["status"]
    default_ordering = "-created_at"
    paginate_by = 50
    header_icon = "group"
    page_title = gettext_lazy("Association requests")
    list_display = [
        "name",
        "municipality",
        Column("language", label=label_of("language"), accessor=language_name),
        "status",
        DateColumn("created_at", label=label_of("created_at"), sort_key="created_at"),
    ]

    def get_base_queryset(self):
        return AssociationRequest.objects.select_related("municipality")


class AdminTemplateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    header_icon = "group"


class RequestDetailView(AdminTemplateView):
    template_name = "associations/admin/request_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            AssociationRequest.objects.select_related("municipality", "handled_by", "page"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [requests_breadcrumb(), {"url": "", "label": self.object}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        association_request = self.object
        context.update(
            {
                "association_request": association_request,
                "rows": request_rows(association_request),
                "labels": {
                    name: label_of(name)
                    for name in ("status", "comment", "page", "description", "handled_by")
                },
                "can_decide": association_request.status == AssociationRequest.Status.NEW
                and can(self.request.user, "change"),
                "form": DecisionForm(),
            }
        )
        return context


def decide(request, pk, action):
    require(request, "change")
    association_request = get_object_or_404(AssociationRequest, pk=pk)
    detail = reverse("association_request_detail", args=[pk])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment is too long."))
        return redirect(detail)
    comment = form.cleaned_data["comment"].strip()
    try:
        if action == "accept":
            page, user, sent = onboarding.accept(association_request, request.user, comment)
        else:
            sent = onboarding.reject(association_request, request.user, comment)
    except onboarding.OnboardingError as error:
        messages.error(request, str(error))
        return redirect(detail)
    if action == "accept":
        messages.success(
            request,
            _("Accepted: the draft page of %(name)s is ready and %(user)s is its editor.")
            % {"name": page.title, "user": user.get_username()},
            buttons=[
                messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Edit")),
            ],
        )
        if not sent:
            messages.warning(request, INVITATION_NOT_SENT)
    else:
        messages.success(request, _("Rejected: %(name)s.") % {"name": association_request.name})
        if not sent:
            messages.warning(request, _("The e-mail to the contact person could not be sent."))
    return redirect(detail)


@require_POST
def accept_request(request, pk):
    return decide(request, pk, "accept")


@require_POST
def reject_request(request, pk):
    return decide(request, pk, "reject")


# --- Editors -------------------------------------------------------------------------------------


def italian_associations():
    return AssociationPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


class EditorsIndexView(AdminTemplateView):
    template_name = "associations/admin/editors_index.html"
    page_title = gettext_lazy("Association editors")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["associations"] = (
            italian_associations()
            .annotate(editor_count=Count("space__group__user", distinct=True))
            .order_by("title")
        )
        return context


class EditorsView(AdminTemplateView):
    template_name = "associations/admin/editors.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(italian_associations(), pk=kwargs["page_id"])

    def get_page_title(self):
        return _("Editors of %(name)s") % {"name": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            editors_breadcrumb(),
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "association": self.page,
                "editors": spaces.editors(self.page).order_by("last_name", "first_name", "pk"),
                "can_change": can(self.request.user, "change"),
                "form": form or InviteEditorForm(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        require(request, "change")
        form = InviteEditorForm(request.POST)
        if not form.is_valid():
            messages.validation_error(request, _("The invitation could not be sent."), form)
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        user, created, sent = onboarding.invite_editor(
            self.page, data["email"], data["name"], data["language"]
        )
        if created:
            message = _("%(user)s has a new account and is an editor of %(name)s.")
        else:
            message = _("%(user)s is an editor of %(name)s.")
        messages.success(request, message % {"user": user.get_username(), "name": self.page.title})
        if not sent:
            messages.warning(request, INVITATION_NOT_SENT)
        return redirect(reverse("association_editors", args=[self.page.pk]))


@require_POST
def remove_editor(request, page_id, user_id):
    require(request, "change")
    page = get_object_or_404(italian_associations(), pk=page_id)
    user = get_object_or_404(get_user_model(), pk=user_id)
    onboarding.remove_editor(page, user)
    messages.success(
        request,
        _("%(user)s is no longer an editor of %(name)s. The account is kept.")
        % {"user": user.get_username(), "name": page.title},
    )
    return redirect(reverse("association_editors", args=[page.pk]))
