from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views


class OnboardingMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see(request.user)


@hooks.register("register_admin_urls")
def register_onboarding_urls():
    return [
        path(
            "associations/requests/",
            admin_views.RequestIndexView.as_view(),
            name="association_requests",
        ),
        path(
            "associations/requests/results/",
            admin_views.RequestIndexView.as_view(results_only=True),
            name="association_requests_results",
        ),
        path(
            "associations/requests/<int:pk>/",
            admin_views.RequestDetailView.as_view(),
            name="association_request_detail",
        ),
        path(
            "associations/requests/<int:pk>/accept/",
            admin_views.accept_request,
            name="association_request_accept",
        ),
        path(
            "associations/requests/<int:pk>/reject/",
            admin_views.reject_request,
            name="association_request_reject",
        ),
        path(
            "associations/editors/",
            admin_views.EditorsIndexView.as_view(),
            name="association_editors_index",
        ),
        path(
            "associations/editors/<int:page_id>/",
            admin_views.EditorsView.as_view(),
            name="association_editors",
        ),
        path(
            "associations/editors/<int:page_id>/remove/<int:user_id>/",
            admin_views.remove_editor,
            name="association_editor_remove",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_onboarding_menu():
    return SubmenuMenuItem(
        _("Associations"),
        Menu(
            items=[
                OnboardingMenuItem(
                    _("Association requests"),
                    reverse("association_requests"),
                    name="association-requests",
                    icon_name="mail",
                    order=100,
                ),
                OnboardingMenuItem(
                    _("Association editors"),
                    reverse("association_editors_index"),
                    name="association-editors",
                    icon_name="group",
                    order=200,
                ),
            ]
        ),
        name="associations-onboarding",
        icon_name="group",
        order=450,
    )
