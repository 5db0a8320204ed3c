"""Associations joining the portal: the public form, the Redazione's decision, the invitation
link and the associations' editors."""

import datetime
import logging
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from associations import spaces
from associations.forms import RegistrationForm
from associations.models import AssociationIndexPage, AssociationPage, AssociationRequest
from associations.views import RATE_LIMIT

pytestmark = pytest.mark.django_db

REGISTER = "/{lang}/associations/register/"
LINK = re.compile(r"http://testserver(/invitation/[^/\s]+/[^/\s]+/\?lang=[\w-]+)")
PASSWORD = "Una-password-lunga-2027"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # the rate limit lives in the cache
    yield
    cache.clear()


def english_admin(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # admin messages in English, whatever the default
    profile.save()
    return user


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("laura", "laura@redazione.example", "x")
    user.groups.add(Group.objects.get(name="Redazione"))
    return english_admin(user)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def form_data(**overrides):
    data = {
        "name": "Al-Amal Donne Insieme",
        "description": (
            "Corsi di italiano e di cucito per donne arabe a Cremona. Ci incontriamo il sabato.\n\n"
            "Aiutiamo anche le famiglie con i documenti."
        ),
        "languages": ["ar", "it", "fr"],
        "municipality": "cremona",
        "contact_name": "Fatima Zahra El Idrissi",
        "contact_email": "fatima@al-amal.example",
        "contact_phone": "+39 0372 111222",
        "consent": "on",
        "website": "",
        "started": RegistrationForm.stamp(time.time() - 60),
    }
    data.update(overrides)
    return data


def submit(client, lang="it", **overrides):
    return client.post(REGISTER.format(lang=lang), form_data(**overrides))


def invitation_path(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def assert_denied(response):
    """The admin answers 403, or sends the user back to the dashboard with a message."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    ), response


def italian_association(key):
    return AssociationPage.objects.get(import_key=key, locale__language_code="it")


# --- The whole way, from the Arabic form to the new editor's first edit


def test_an_arabic_request_becomes_a_draft_profile_with_its_editor(client, staff):
    page = client.get(REGISTER.format(lang="ar"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "سجّل جمعيتك" in html  # "Register your association"
    assert '<label for="id_languages_0"' in html and "<fieldset" in html
    assert 'name="website"' in html and 'tabindex="-1"' in html  # the honeypot

    sent = submit(client, "ar")
    assert sent.status_code == 302 and sent["Location"] == "/ar/associations/register/?sent=1"
    thanks = client.get(sent["Location"])
    assert "شكرًا" in thanks.content.decode() and 'dir="rtl"' in thanks.content.decode()

    request = AssociationRequest.objects.get()
    assert request.status == AssociationRequest.Status.NEW
    assert request.language == "ar"
    assert request.languages == ["ar", "it", "fr"]
    assert request.municipality.slug == "cremona"
    assert request.municipality.locale.language_code == "it"
    assert request.consent_at is not None and request.page is None

    acknowledgement, notice = mail.outbox
    assert acknowledgement.to == ["fatima@al-amal.example"]
    assert "Al-Amal Donne Insieme" in acknowledgement.subject
    assert "فريق التحرير" in acknowledgement.body  # in Arabic: "the editorial team"
    assert "&#x27;" not in acknowledgement.body and "&amp;" not in acknowledgement.body
    assert notice.to == ["laura@redazione.example"]
    detail = reverse("association_request_detail", args=[request.pk])
    assert f"http://testserver{detail}" in notice.body
    assert "fatima@al-amal.example" not in notice.body  # personal data stays in the admin

    mail.outbox.clear()
    client.force_login(staff)
    listing = client.get("/admin/associations/requests/?status=new")
    assert listing.status_code == 200 and "Al-Amal Donne Insieme" in listing.content.decode()
    assert (
        "Al-Amal"
        not in client.get("/admin/associations/requests/?status=rejected").content.decode()
    )
    shown = client.get(detail).content.decode()
    assert "fatima@al-amal.example" in shown and "Accept" in shown and "Reject" in shown

    accepted = client.post(
        reverse("association_request_accept", args=[request.pk]), {"comment": "Benvenute!"}
    )
    assert accepted.status_code == 302
    request.refresh_from_db()
    assert request.status == AssociationRequest.Status.ACCEPTED
    assert request.handled_by == staff and request.handled_at is not None

    page = request.page.specific
    assert not page.live and page.has_unpublished_changes
    assert page.locale.language_code == "it"
    assert page.get_parent().specific_class is AssociationIndexPage
    assert page.title == "Al-Amal Donne Insieme"
    assert page.summary == "Corsi di italiano e di cucito per donne arabe a Cremona."
    assert "Aiutiamo anche le famiglie" in str(page.body)
    assert page.municipality == request.municipality
    assert [s.language for s in page.spoken_languages.all()] == ["ar", "it", "fr"]
    assert page.get_latest_revision() is not None

    space = spaces.create_space(page)
    assert space.group.pk and space.collection.pk
    editor = get_user_model().objects.get(email="fatima@al-amal.example")
    assert editor.is_active and not editor.has_usable_password()
    assert list(spaces.editors(page)) == [editor]
    assert (editor.first_name, editor.last_name) == ("Fatima", "Zahra El Idrissi")

    (invitation,) = mail.outbox
    assert invitation.to == ["fatima@al-amal.example"]
    assert "Benvenute!" in invitation.body
    assert editor.username in invitation.body
    path = invitation_path(invitation)
    assert path.endswith("?lang=ar")

    # The new editor chooses a password: the page speaks Arabic.
    editor_client = client.__class__()
    form = editor_client.get(path)
    assert form.status_code == 200
    assert '<html lang="ar" dir="rtl">' in form.content.decode()
    assert form["Referrer-Policy"] == "no-referrer"
    mismatch = editor_client.post(path, {"new_password1": PASSWORD, "new_password2": "altro"})
    assert mismatch.status_code == 200 and 'aria-invalid="true"' in mismatch.content.decode()
    done = editor_client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("wagtailadmin_login")
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
    # The link works only once.
    again = editor_client.get(path)
    assert again.status_code == 400

    logged_in = editor_client.post(
        reverse("wagtailadmin_login"), {"username": editor.username, "password": PASSWORD}
    )
    assert logged_in.status_code == 302
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    other = italian_association("association-demo-tongxin-famiglie-cinesi")
    assert_denied(editor_client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])))
    assert_denied(editor_client.get("/admin/associations/requests/"))


# --- The invitation link


@pytest.fixture
def invited(django_user_model):
    user = django_user_model.objects.create_user("nuovo@example.org", "nuovo@example.org")
    user.set_unusable_password()
    user.save()
    return user


def link_for(user, lang="en"):
    from associations.onboarding import invitation_url

    return invitation_url(user, lang).removeprefix("http://testserver")


def test_an_expired_invitation_is_refused_with_a_clear_message(client, invited, monkeypatch):
    path = link_for(invited)
    assert client.get(path).status_code == 200
    later = datetime.datetime.now() + datetime.timedelta(days=3, hours=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    refused = client.get(path)
    assert refused.status_code == 400
    assert "This link does not work" in refused.content.decode()
    assert "ask the editorial team to send you a new invitation" in refused.content.decode()
    posted = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert posted.status_code == 400
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_a_broken_invitation_link_is_refused(client, invited):
    uid = link_for(invited).split("/")[2]
    for path in (f"/invitation/{uid}/abc-123/", "/invitation/bm9ib2R5/abc-123/?lang=fr"):
        response = client.get(path)
        assert response.status_code == 400
    assert "Ce lien ne fonctionne pas" in response.content.decode()  # ?lang=fr


def test_a_deactivated_account_cannot_use_its_invitation(client, invited):
    path = link_for(invited)
    invited.is_active = False
    invited.save()
    assert client.get(path).status_code == 400


# --- The public form: errors, spam and mail failures


def test_errors_keep_the_answers_and_speak_the_visitors_language(client):
    response = submit(client, "fr", contact_email="pas-une-adresse", consent="", languages=[])
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert 'href="#id_contact_email"' in html and 'href="#id_languages_0"' in html
    assert 'href="#id_consent"' in html
    assert "Choisissez au moins une langue." in html
    assert "veuillez accepter la notice de confidentialité" in html
    # Values are kept; each field points at its error.
    assert 'value="Al-Amal Donne Insieme"' in html
    assert 'value="pas-une-adresse"' in html
    assert "Ci incontriamo il sabato." in html
    assert '<option value="cremona" selected>' in html
    assert 'aria-describedby="id_contact_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert not AssociationRequest.objects.exists() and not mail.outbox


def test_languages_stay_checked_after_an_error(client):
    html = submit(client, "en", name="").content.decode()
    assert re.search(r'value="ar" id="id_languages_\d+" checked', html)
    assert not re.search(r'value="de" id="id_languages_\d+" checked', html)
    assert "This field is required." in html


@pytest.mark.parametrize(
    "trap",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot
        lambda: {"started": RegistrationForm.stamp()},  # sent as soon as shown
        lambda: {"started": "forged"},
        lambda: {"started": RegistrationForm.stamp(time.time() - 3 * 24 * 3600)},  # a stale form
    ],
    ids=["honeypot", "too-fast", "forged-stamp", "stale-form"],
)
def test_spam_traps_store_nothing(client, trap):
    response = submit(client, "it", **trap())
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not AssociationRequest.objects.exists() and not mail.outbox


def test_a_form_sent_too_quickly_can_be_sent_again_a_moment_later(client, monkeypatch):
    stamp = RegistrationForm.stamp()
    html = submit(client, "en", started=stamp).content.decode()
    assert "sent very quickly" in html
    assert f'value="{stamp}"' in html  # the same stamp: its time keeps running
    monkeypatch.setattr(RegistrationForm, "min_fill_seconds", 0)
    assert submit(client, "en", started=stamp).status_code == 302


def test_clients_are_limited_to_a_few_requests_an_hour(client):
    for number in range(RATE_LIMIT):
        assert submit(client, name=f"Associazione {number}").status_code == 302
    limited = submit(client, "es", name="Una di troppo")
    assert limited.status_code == 429
    assert "<h1>Por favor, inténtalo más tarde</h1>" in limited.content.decode()
    assert AssociationRequest.objects.count() == RATE_LIMIT
    assert not AssociationRequest.objects.filter(name="Una di troppo").exists()
    # Another client is not affected; the address itself is nowhere in the cache keys.
    other = client.post(
        REGISTER.format(lang="it"), form_data(name="Altra"), REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


def test_spam_counts_towards_the_limit(client):
    for _number in range(RATE_LIMIT):
        submit(client, website="spam")
    assert submit(client).status_code == 429
    assert not AssociationRequest.objects.exists()


def test_a_mail_failure_keeps_the_request(client, staff, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.WARNING, logger="associations.onboarding"):
        response = submit(client, "uk")
    assert response.status_code == 302
    assert AssociationRequest.objects.get().language == "uk"
    assert "Could not send" in caplog.text
    assert "fatima@al-amal.example" not in caplog.text  # no addresses in the logs


def test_a_mail_failure_when_accepting_keeps_the_page_and_the_account(
    client, staff_client, settings
):
    submit(client)
    request = AssociationRequest.objects.get()
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    response = staff_client.post(
        reverse("association_request_accept", args=[request.pk]), follow=True
    )
    assert "The invitation e-mail could not be sent" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AssociationRequest.Status.ACCEPTED and request.page is not None


# --- The Redazione's decisions and the associations' editors


def test_a_rejected_request_gets_a_polite_email_in_its_language(client, staff_client):
    submit(client, "es")
    request = AssociationRequest.objects.get()
    mail.outbox.clear()
    pages_before = Page.objects.count()
    response = staff_client.post(
        reverse("association_request_reject", args=[request.pk]),
        {"comment": "Non operate nel nostro territorio."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AssociationRequest.Status.REJECTED and request.page is None
    (message,) = mail.outbox
    assert message.to == ["fatima@al-amal.example"]
    assert "Non operate nel nostro territorio." in message.body
    assert "Estimada/o" in message.body or "Hola" in message.body or "Fatima" in message.body
    # A decided request cannot be decided again.
    again = staff_client.post(reverse("association_request_accept", args=[request.pk]), follow=True)
    assert "it was handled already" in again.content.decode()
    assert Page.objects.count() == pages_before
    assert not get_user_model().objects.filter(email="fatima@al-amal.example").exists()


def test_only_the_redazione_and_superusers_handle_requests(client, django_user_model):
    submit(client)
    request = AssociationRequest.objects.get()
    detail = reverse("association_request_detail", args=[request.pk])
    translator = english_admin(django_user_model.objects.create_user("tr", "tr@example.org", "x"))
    translator.groups.add(Group.objects.get(name="Translators (ar)"))
    client.force_login(translator)
    for url in ("/admin/associations/requests/", detail, "/admin/associations/editors/"):
        assert_denied(client.get(url))
    assert_denied(client.post(reverse("association_request_accept", args=[request.pk])))
    client.logout()
    assert client.get(detail).status_code == 302  # to the login page
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(english_admin(boss))
    assert client.get(detail).status_code == 200
    permissions = set(
        Group.objects.get(name="Redazione").permissions.values_list("codename", flat=True)
    )
    assert {"view_associationrequest", "change_associationrequest"} <= permissions


def test_staff_invite_and_remove_editors(staff_client, django_user_model):
    association = italian_association("association-demo-tongxin-famiglie-cinesi")
    url = reverse("association_editors", args=[association.pk])
    assert staff_client.get("/admin/associations/editors/").status_code == 200
    invited = staff_client.post(
        url, {"email": "wei@tongxin.example", "name": "Wei Zhang", "language": "zh-hans"}
    )
    assert invited.status_code == 302
    wei = django_user_model.objects.get(email="wei@tongxin.example")
    assert wei in spaces.editors(association) and not wei.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["wei@tongxin.example"] and "?lang=zh-hans" in message.body
    assert UserProfile.get_for_user(wei).preferred_language == "zh-hans"

    # Someone who already has an account is told, without a new password link.
    mail.outbox.clear()
    known = django_user_model.objects.create_user("li", "li@example.org", "pw")
    staff_client.post(url, {"email": "LI@example.org", "name": "Li", "language": "it"})
    assert known in spaces.editors(association)
    (message,) = mail.outbox
    assert "/invitation/" not in message.body and "/admin/login/" in message.body

    listing = staff_client.get(url).content.decode()
    assert "wei@tongxin.example" in listing and "li@example.org" in listing

    invalid = staff_client.post(url, {"email": "no", "name": "", "language": "it"})
    assert invalid.status_code == 200 and 'aria-invalid="true"' in invalid.content.decode()

    removed = staff_client.post(
        reverse("association_editor_remove", args=[association.pk, wei.pk]), follow=True
    )
    assert "The account is kept" in removed.content.decode()
    assert wei not in spaces.editors(association)
    assert django_user_model.objects.filter(pk=wei.pk).exists()
    # GET does not remove anyone.
    response = staff_client.get(
        reverse("association_editor_remove", args=[association.pk, known.pk])
    )
    assert response.status_code == 405 and known in spaces.editors(association)


def test_the_summary_is_the_first_sentence_in_at_most_200_characters():
    from associations.onboarding import summary_of

    assert summary_of("Uno sportello. Due corsi.\n\nAltro.") == "Uno sportello."
    assert summary_of("我们教中文。也教意大利语。") == "我们教中文。"
    summary = summary_of("parola " * 60)
    assert len(summary) <= 200 and summary.endswith("…")


def test_a_name_in_another_script_still_gets_a_page(client, staff):
    from associations import onboarding

    submit(client, "zh-hans", name="同心 协会")
    request = AssociationRequest.objects.get()
    page, user, sent = onboarding.accept(request, staff)
    assert page.title == "同心 协会" and page.slug == f"associazione-{request.pk}"
    assert sent and user.email == "fatima@al-amal.example"
    assert "?lang=zh-hans" in mail.outbox[-1].body
    with pytest.raises(onboarding.OnboardingError):
        onboarding.accept(request, staff)
