"""Associations joining the portal (docs/associations.md, "Onboarding").

A request from the public form is stored first, then e-mailed about: an acknowledgement to the
contact person in the form's language and a notice to the Redazione. Accepting it makes the
association's Italian profile as a draft, its space, and an account for the contact person, who
gets an invitation to choose a password; rejecting it tells the contact person politely.

A mail that cannot be sent is logged (without addresses) and never undoes what was saved."""

import datetime
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from core.content import paragraphs, text_body

from . import spaces
from .models import AssociationIndexPage, AssociationPage, AssociationRequest, SpokenLanguage

logger = logging.getLogger(__name__)

REDAZIONE = "Redazione"
SUMMARY_LENGTH = 200
# A full stop and a space, or a Chinese full stop (written without a space after it).
SENTENCE_END = re.compile(r"(?<=[.!?؟।۔])\s|(?<=[。！？])")


class OnboardingError(Exception):
    """A request that cannot be decided; the message is shown to the Redazione."""


ALREADY_HANDLED = _("This request could not be handled: it was handled already.")


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_language(code):
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def send(template, context, recipient, language):
    """Send one plain-text e-mail from associations/email/<template>{_subject,}.txt in
    `language`; True when sent. Failures are logged without the recipient's address."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(site_language(language)):
        subject = render_to_string(f"associations/email/{template}_subject.txt", context)
        body = render_to_string(f"associations/email/{template}.txt", context)
    try:
        EmailMessage(" ".join(subject.split()), body, to=[recipient]).send()
    except Exception as error:  # any backend failure: the caller's data is already saved
        logger.warning("Could not send the %r e-mail (%s)", template, type(error).__name__)
        return False
    return True


def staff_language(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE


def redazione():
    return (
        get_user_model()
        .objects.filter(groups__name=REDAZIONE, is_active=True)
        .exclude(email="")
        .distinct()
    )


# --- A new request ---------------------------------------------------------------------------


def request_received(association_request):
    """After the request is saved: acknowledge it and tell the Redazione."""
    send(
        "received",
        {"request": association_request},
        association_request.contact_email,
        association_request.language,
    )
    url = admin_url(reverse("association_request_detail", args=[association_request.pk]))
    for user in redazione():
        context = {"request": association_request, "url": url}
        send("new_request", context, user.email, staff_language(user))


# --- Accepting and rejecting -----------------------------------------------------------------


def summary_of(description):
    """The first sentence of the description, at most SUMMARY_LENGTH characters."""
    first = (paragraphs(description) or [""])[0]
    sentence = SENTENCE_END.split(first, maxsplit=1)[0]
    return Truncator(sentence).chars(SUMMARY_LENGTH)


def unique_slug(parent, name, fallback):
    base = slugify(name)[:60].strip("-") or fallback
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def italian_index():
    index = AssociationIndexPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if index is None:
        raise OnboardingError(_("There is no Italian list of associations to add the page to."))
    return index


def editor_account(email, name, language=None):
    """The user with this e-mail, or a new one without a password: (user, created)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    username = base = email.lower()[:150]
    number = 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base[: 150 - len(str(number)) - 1]}-{number}"
    first_name, _space, last_name = name.partition(" ")
    user = User(
        username=username,
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    permitted = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    if language in permitted:  # the admin speaks their language when it can
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    return user, True


def invitation_url(user, language):
    """A link to choose a password: it works once, for settings.PASSWORD_RESET_TIMEOUT (Django's
    default: 3 days), like Django's password reset links, with the same token generator."""
    path = reverse(
        "association_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return admin_url(f"{path}?lang={site_language(language)}")


def send_invitation(page, user, language, comment=""):
    """An invitation to choose a password, or, for someone who already has one, a notice."""
    context = {
        "association": page.title,
        "user": user,
        "comment": comment,
        "expires": timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        "login_url": admin_url(reverse("wagtailadmin_login")),
    }
    if user.has_usable_password():
        return send("editor_added", context, user.email, language)
    context["url"] = invitation_url(user, language)
    return send("invitation", context, user.email, language)


def accept(association_request, by, comment=""):
    """Make the draft profile, its space and the contact's account; then send the invitation.

    Returns (page, user, invitation sent)."""
    with transaction.atomic():
        association_request = AssociationRequest.objects.select_for_update().get(
            pk=association_request.pk
        )
        if association_request.status != AssociationRequest.Status.NEW:
            raise OnboardingError(ALREADY_HANDLED)
        index = italian_index()
        page = AssociationPage(
            title=association_request.name,
            slug=unique_slug(
                index, association_request.name, f"associazione-{association_request.pk}"
            ),
            summary=summary_of(association_request.description),
            body=text_body(association_request.description),
            municipality=association_request.municipality,
            live=False,
            owner=by,
        )
        page.spoken_languages = [
            SpokenLanguage(language=code) for code in association_request.languages
        ]
        index.add_child(instance=page)
        page.save_revision(user=by, log_action=True)
        spaces.create_space(page)
        user, _created = editor_account(
            association_request.contact_email,
            association_request.contact_name,
            association_request.language,
        )
        spaces.add_editor(page, user)
        association_request.status = AssociationRequest.Status.ACCEPTED
        association_request.handled_by = by
        association_request.handled_at = timezone.now()
        association_request.comment = comment
        association_request.page = page
        association_request.save()
    sent = send_invitation(page, user, association_request.language, comment)
    return page, user, sent


def reject(association_request, by, comment=""):
    """Mark the request rejected and tell the contact person; True when the e-mail was sent."""
    with transaction.atomic():
        association_request = AssociationRequest.objects.select_for_update().get(
            pk=association_request.pk
        )
        if association_request.status != AssociationRequest.Status.NEW:
            raise OnboardingError(ALREADY_HANDLED)
        association_request.status = AssociationRequest.Status.REJECTED
        association_request.handled_by = by
        association_request.handled_at = timezone.now()
        association_request.comment = comment
        association_request.save()
    return send(
        "rejected",
        {"request": association_request, "comment": comment},
        association_request.contact_email,
        association_request.language,
    )


# --- Further editors ---------------------------------------------------------------------------


def invite_editor(page, email, name, language):
    """Give the person with this e-mail (a new account if needed) the association's space.

    Returns (user, account created, e-mail sent)."""
    with transaction.atomic():
        user, created = editor_account(email, name, language)
        spaces.add_editor(page, user)
    return user, created, send_invitation(spaces.source_page(page), user, language)


def remove_editor(page, user):
    """Take the user out of the association's space; the account stays."""
    spaces.remove_editor(page, user)
