"""Translators submit a translation for review.

wagtail-localize's translation editor saves each string as it is typed and offers only
"Publish" to those who may publish: translators, who may not, need a way to hand their work to
their language's reviewers. This writes the translated page as a draft and starts its workflow
(the language's "Translation review" workflow), as "Submit for moderation" does for other pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.models import Translation

from .localize_drafts import save_draft


def translation_of(page):
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def can_submit_for_review(user, page):
    perms = page.permissions_for_user(user)
    return (
        page.alias_of_id is None
        and translation_of(page) is not None
        and perms.can_edit()
        and page.get_workflow() is not None
        and page.workflow_in_progress is False
    )


@require_POST
def submit_for_review(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    if not can_submit_for_review(request.user, page):
        raise PermissionDenied
    save_draft(translation_of(page), user=request.user)
    page.refresh_from_db()
    page.get_workflow().start(page, request.user)
    messages.success(
        request,
        _("'%(title)s' was submitted for review.") % {"title": page.get_admin_display_title()},
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("wagtailadmin_explore", page.get_parent().pk)
