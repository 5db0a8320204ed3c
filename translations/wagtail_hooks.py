from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import PageListingButton

from . import localize_permissions, review, wagtail_hooks_files
from .dashboard import OutdatedTranslationsPanel
from .roles import user_languages
from .views import TranslationStatusReportView, can_see_report


@hooks.register("register_admin_urls")
def register_permission_checked_localize_urls():
    return localize_permissions.admin_urls()


@hooks.register("register_admin_urls")
def register_translation_admin_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="translation_status_report",
        ),
        path(
            "translations/<int:page_id>/submit-for-review/",
            review.submit_for_review,
            name="translation_submit_for_review",
        ),
    ]


@hooks.register("register_page_listing_buttons")
def submit_translation_for_review_button(page, user, next_url=None):
    if page.locale.language_code != "it" and review.can_submit_for_review(user, page):
        yield SubmitForReviewButton(page, next_url)


class SubmitForReviewButton(PageListingButton):
    """A POST form, so that submitting can't happen by following a link."""

    template_name = "translations/submit_for_review_button.html"

    def __init__(self, page, next_url):
        super().__init__(
            _("Submit translation for review"),
            reverse("translation_submit_for_review", args=[page.id]),
            priority=15,
        )
        self.next_url = next_url

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), "next_url": self.next_url}


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return ReportMenuItem(
        _("Translation status"), reverse("translation_status_report"), icon_name="site", order=700
    )


@hooks.register("construct_homepage_panels")
def add_outdated_translations_panel(request, panels):
    if user_languages(request.user):
        panels.append(OutdatedTranslationsPanel(request.user))


hooks.register("register_admin_urls", wagtail_hooks_files.admin_urls)
hooks.register("register_admin_menu_item", wagtail_hooks_files.menu_item)
