"""A request's life: new → assigned → done or cancelled, with an e-mail at each step.

Every change is saved first; the e-mails are queued (core.tasks.send_email) only once the
transaction has committed, so a mail server that is down loses nothing and a change that fails
sends nothing. The requester never learns more about the mediator than their first name
(docs/mediators.md, "Personal data")."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.tasks import send_email

from .languages import language_name
from .models import Mediator, MediatorRequest

COORDINATORS = "Mediator coordinators"


class TransitionError(Exception):
    """A change the request's status does not allow; the message is shown to the coordinator."""


def site_language(code):
    return code if code in {c for c, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def email(template, context, recipients, language):
    """Queue one plain-text e-mail from mediators/email/<template>{_subject,}.txt, written in
    `language`, once the current transaction commits."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(site_language(language)):
        subject = " ".join(
            render_to_string(f"mediators/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"mediators/email/{template}.txt", context)
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, message=body, recipient_list=recipients)
    )


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def coordinators():
    return (
        get_user_model()
        .objects.filter(groups__name=COORDINATORS, is_active=True)
        .exclude(email="")
        .distinct()
    )


def staff_language(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE


def request_context(mediator_request):
    from django.urls import reverse

    return {
        "mediator_request": mediator_request,
        "language": language_name(mediator_request.language),
        "starts_at": mediator_request.local_start(),
        "admin_url": admin_url(reverse("mediator_request_handle", args=[mediator_request.pk])),
    }


def request_received(mediator_request):
    """The form's request is saved: tell the requester, and the coordinators."""
    with translation.override(site_language(mediator_request.form_language)):
        context = request_context(mediator_request)
    email("received", context, [mediator_request.contact_email], mediator_request.form_language)
    for coordinator in coordinators():
        language = staff_language(coordinator)
        with translation.override(site_language(language)):
            context = request_context(mediator_request)
        email("new_request", context, [coordinator.email], language)


def suggestions(mediator_request, limit=10):
    """Mediators who could take the request, best first: language match first (required), then
    municipality, area and availability. Only active mediators who gave their consent, and never
    one already busy at that time."""
    candidates = (
        Mediator.objects.filter(
            status=Mediator.Status.ACTIVE,
            consent_date__isnull=False,
            languages__language=mediator_request.language,
        )
        .exclude(pk=mediator_request.mediator_id)
        .prefetch_related("languages", "areas", "municipalities")
        .distinct()
    )
    busy = busy_mediators(mediator_request)
    ranked = []
    for mediator in candidates:
        if mediator.pk in busy:
            continue
        municipality = mediator_request.is_remote or any(
            m.pk == mediator_request.municipality_id for m in mediator.municipalities.all()
        )
        area = any(a.code == mediator_request.service_type for a in mediator.areas.all())
        available = mediator.available_at(mediator_request.starts_at, mediator_request.is_remote)
        level = next(
            (
                lang.level
                for lang in mediator.languages.all()
                if lang.language == mediator_request.language
            ),
            "",
        )
        ranked.append(
            Suggestion(
                mediator, municipality=municipality, area=area, available=available, level=level
            )
        )
    ranked.sort(key=Suggestion.sort_key)
    return ranked[:limit]


def busy_mediators(mediator_request):
    """Mediators assigned to another request at an overlapping time."""
    others = MediatorRequest.objects.filter(
        status=MediatorRequest.Status.ASSIGNED,
        mediator__isnull=False,
        starts_at__lt=mediator_request.ends_at,
    ).exclude(pk=mediator_request.pk)
    return {r.mediator_id for r in others if r.ends_at > mediator_request.starts_at}


class Suggestion:
    LEVELS = {"native": 0, "fluent": 1, "good": 2}

    def __init__(self, mediator, *, municipality, area, available, level):
        self.mediator = mediator
        self.municipality = municipality
        self.area = area
        self.available = available
        self.level = level

    def sort_key(self):
        return (
            not self.municipality,
            not self.area,
            not self.available,
            self.LEVELS.get(self.level, 3),
            self.mediator.last_name.casefold(),
        )

    @property
    def score(self):
        return sum([self.municipality, self.area, self.available])


def _require(mediator_request, *statuses):
    if mediator_request.status not in statuses:
        raise TransitionError(
            _("This request is %(status)s: it cannot be changed this way.")
            % {"status": mediator_request.get_status_display().lower()}
        )


@transaction.atomic
def assign(mediator_request, mediator):
    """Give the request to a mediator who speaks its language (new, or assigned to another)."""
    mediator_request = MediatorRequest.objects.select_for_update().get(pk=mediator_request.pk)
    _require(mediator_request, MediatorRequest.Status.NEW, MediatorRequest.Status.ASSIGNED)
    eligible = Mediator.objects.filter(
        pk=mediator.pk,
        status=Mediator.Status.ACTIVE,
        consent_date__isnull=False,
        languages__language=mediator_request.language,
    ).exists()
    if not eligible:
        raise TransitionError(
            _(
                "This mediator cannot be assigned: they must be active, have given consent and "
                "speak the language requested."
            )
        )
    mediator_request.mediator = mediator
    mediator_request.status = MediatorRequest.Status.ASSIGNED
    mediator_request.save(update_fields=["mediator", "status"])

    with translation.override(site_language(mediator_request.form_language)):
        context = request_context(mediator_request)
    email(
        "assigned_requester",
        {**context, "mediator_first_name": mediator.first_name},
        [mediator_request.contact_email],
        mediator_request.form_language,
    )
    # Mediators read Italian, the network's working language.
    with translation.override(settings.LANGUAGE_CODE):
        context = request_context(mediator_request)
    email(
        "assigned_mediator",
        {**context, "mediator": mediator},
        [mediator.email],
        settings.LANGUAGE_CODE,
    )
    return mediator_request


@transaction.atomic
def mark_done(mediator_request, duration_minutes):
    mediator_request = MediatorRequest.objects.select_for_update().get(pk=mediator_request.pk)
    _require(mediator_request, MediatorRequest.Status.ASSIGNED)
    mediator_request.status = MediatorRequest.Status.DONE
    mediator_request.duration_minutes = duration_minutes
    mediator_request.closed_at = timezone.now()
    mediator_request.save(update_fields=["status", "duration_minutes", "closed_at"])
    _tell_both("done", mediator_request)
    return mediator_request


@transaction.atomic
def cancel(mediator_request):
    mediator_request = MediatorRequest.objects.select_for_update().get(pk=mediator_request.pk)
    _require(mediator_request, MediatorRequest.Status.NEW, MediatorRequest.Status.ASSIGNED)
    mediator_request.status = MediatorRequest.Status.CANCELLED
    mediator_request.closed_at = timezone.now()
    mediator_request.save(update_fields=["status", "closed_at"])
    _tell_both("cancelled", mediator_request)
    return mediator_request


def _tell_both(step, mediator_request):
    with translation.override(site_language(mediator_request.form_language)):
        context = request_context(mediator_request)
    email(
        f"{step}_requester",
        context,
        [mediator_request.contact_email],
        mediator_request.form_language,
    )
    mediator = mediator_request.mediator
    if mediator is not None:
        with translation.override(settings.LANGUAGE_CODE):
            context = request_context(mediator_request)
        email(
            f"{step}_mediator",
            {**context, "mediator": mediator},
            [mediator.email],
            settings.LANGUAGE_CODE,
        )
