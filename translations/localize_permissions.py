"""Workaround: wagtail-localize checks only the global `submit_translation` permission.

Its "Translate this page" (submit) and "Sync translated pages" (update) views let anyone with
that one permission create or overwrite translations of any page, wherever they may edit.
These wrappers serve the same URLs first (this app is listed before wagtail_localize) and let
the request through only when the user may also edit the source page and, for every language
concerned, that language's version of the page's parent (submit) or the translations
themselves (update).

Remove when wagtail-localize checks page permissions in these views (the permission check is
in SubmitTranslationView.dispatch and UpdateTranslationsView.dispatch).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

submit_view = SubmitPageTranslationView.as_view()
update_view = UpdateTranslationsView.as_view()


def can_edit(user, page):
    return page.permissions_for_user(user).can_edit()


def submit_page_translation(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    if not can_edit(request.user, page):
        raise PermissionDenied
    if request.method == "POST":
        parent = page.get_parent()
        for locale in Locale.objects.filter(pk__in=request.POST.getlist("locales")):
            target_parent = parent.get_translation_or_none(locale) if not parent.is_root() else None
            target = page.get_translation_or_none(locale)
            allowed = (target is not None and can_edit(request.user, target)) or (
                target_parent is not None
                and target_parent.permissions_for_user(request.user).can_add_subpage()
            )
            if not allowed and not (parent.is_root() and request.user.is_superuser):
                raise PermissionDenied
    return submit_view(request, page_id=page_id)


def update_translations(request, translation_source_id):
    source = get_object_or_404(TranslationSource, id=translation_source_id)
    instance = source.get_source_instance()
    if isinstance(instance, Page):
        if not can_edit(request.user, instance):
            raise PermissionDenied
        for translation in instance.get_translations():
            if not can_edit(request.user, translation):
                raise PermissionDenied
    return update_view(request, translation_source_id=translation_source_id)


def admin_urls():
    """The same paths as wagtail-localize's, registered before them."""
    return [
        path("localize/submit/page/<int:page_id>/", submit_page_translation),
        path("localize/update/<int:translation_source_id>/", update_translations),
    ]
