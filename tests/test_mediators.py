"""The mediators' registry and requests (issue 7, docs/mediators.md): who may see the registry,
what the public pages show, the request form's checks, matching and assignment with their
e-mails, the anonymisation command, the funder's report, and a mediator's data export and
erasure."""

import csv
import datetime
import io
import json
import smtplib
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from associations.models import AssociationPage
from core.models import Municipality
from core.site_structure import ensure_site_structure
from mediators.forms import RequestForm
from mediators.models import (
    Mediator,
    MediatorCoveragePage,
    MediatorLanguage,
    MediatorProtocolPage,
    MediatorRequest,
    MediatorRequestPage,
    PersonalDataAccess,
    ServiceArea,
)
from mediators.workflow import suggestions
from translations.roles import reviewers_group_name, translators_group_name

pytestmark = pytest.mark.django_db

REGISTRY = "/admin/mediators/mediator/"
REQUESTS = "/admin/mediators/mediatorrequest/"
ACCESS_LOG = "/admin/mediators/personaldataaccess/"
REPORT = "/admin/reports/mediators/"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPException("mail server down")


def municipality(slug):
    return Municipality.objects.get(slug=slug, locale__language_code="it")


def in_days(days, hour=10):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_mediator(first, last, languages, *, areas=(), municipalities=(), **fields):
    fields.setdefault("consent_date", datetime.date(2025, 1, 10))
    mediator = Mediator.objects.create(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}@mediatori.example",
        phone=fields.pop("phone", "+39 333 1234567"),
        **fields,
    )
    for code, level in languages:
        MediatorLanguage.objects.create(mediator=mediator, language=code, level=level)
    mediator.areas.set(ServiceArea.objects.filter(code__in=areas))
    mediator.municipalities.set([municipality(slug) for slug in municipalities])
    mediator.save()  # parental many-to-many relations are written when the mediator is
    return mediator


@pytest.fixture
def mediators():
    return {
        "amina": make_mediator(
            "Amina",
            "Diallo",
            [("wo", "native"), ("fr", "fluent")],
            areas=["health", "school"],
            municipalities=["cremona"],
            phone="+39 347 0000001",
        ),
        "kwame": make_mediator(
            "Kwame",
            "Mensah",
            [("tw", "native"), ("en", "fluent")],
            areas=["social"],
            municipalities=["casalmaggiore"],
            phone="+39 347 0000002",
        ),
        "moussa": make_mediator(
            "Moussa",
            "Ndiaye",
            [("wo", "fluent")],
            areas=["social"],
            municipalities=["soresina"],
            available_mornings=False,
            phone="+39 347 0000003",
        ),
        "suspended": make_mediator(
            "Ibrahima",
            "Fall",
            [("wo", "native")],
            areas=["health"],
            municipalities=["cremona"],
            status=Mediator.Status.SUSPENDED,
        ),
        "no_consent": make_mediator(
            "Awa",
            "Sarr",
            [("wo", "native"), ("ti", "native")],
            areas=["health"],
            municipalities=["cremona"],
            consent_date=None,
        ),
    }


def staff(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "x", first_name=username.capitalize()
    )
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def people(django_user_model):
    jappoo = AssociationPage.objects.get(
        import_key="association-demo-jappoo-senegalesi", locale__language_code="it"
    )
    groups = {
        "coordinator": Group.objects.get(name="Mediator coordinators"),
        "administrator": Group.objects.get(name="Administrators"),
        "redazione": Group.objects.get(name="Redazione"),
        "association_editor": jappoo.space.group,
        "translator": Group.objects.get(name=translators_group_name("ar")),
        "reviewer": Group.objects.get(name=reviewers_group_name("ar")),
    }
    return {role: staff(django_user_model, f"med-{role}", group) for role, group in groups.items()}


def new_request(**fields):
    values = {
        "organisation": "Istituto comprensivo Cremona Uno",
        "service_type": "school",
        "contact_name": "Paola Bianchi",
        "contact_email": "paola.bianchi@scuola.example",
        "contact_phone": "+39 0372 111222",
        "language": "wo",
        "starts_at": in_days(5),
        "duration_minutes": 60,
        "mode": MediatorRequest.Mode.IN_PERSON,
        "municipality": municipality("cremona"),
        "place": "Via Dante 1, aula 3",
        "notes": "Colloquio con la famiglia",
        "form_language": "it",
    }
    values.update(fields)
    return MediatorRequest.objects.create(**values)


# --- Who may see the registry ---------------------------------------------------------------------


def refused(response):
    """Wagtail answers 403, or sends the person to the dashboard or the login page."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/" in response["Location"]
    )


@pytest.mark.parametrize(
    "role", ["redazione", "association_editor", "translator", "reviewer", "anonymous"]
)
def test_other_roles_are_refused_the_registry_its_export_and_the_report(
    role, people, mediators, client
):
    if role != "anonymous":
        client.force_login(people[role])
    amina = mediators["amina"]
    mediator_request = new_request(mediator=amina, status=MediatorRequest.Status.ASSIGNED)
    urls = [
        REGISTRY,
        f"{REGISTRY}?export=csv",
        f"{REGISTRY}?export=xlsx",
        f"{REGISTRY}inspect/{amina.pk}/",
        f"{REGISTRY}edit/{amina.pk}/",
        f"{REGISTRY}create/",
        reverse("mediator_data_export", args=[amina.pk]),
        reverse("mediator_erase", args=[amina.pk]),
        REQUESTS,
        reverse("mediator_request_handle", args=[mediator_request.pk]),
        REPORT,
        f"{REPORT}?export=csv",
        ACCESS_LOG,
    ]
    for url in urls:
        response = client.get(url)
        assert refused(response), f"{role} got {response.status_code} on {url}"
        assert amina.email.encode() not in response.content
        assert b"Diallo" not in response.content
    # Nor can they change anything.
    client.post(
        reverse("mediator_request_handle", args=[mediator_request.pk]), {"action": "cancel"}
    )
    client.post(reverse("mediator_erase", args=[amina.pk]))
    mediator_request.refresh_from_db()
    assert mediator_request.status == MediatorRequest.Status.ASSIGNED
    assert Mediator.objects.filter(pk=amina.pk).exists()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordinators_and_administrators_use_the_registry_and_every_look_is_logged(
    role, people, mediators, client
):
    user = people[role]
    client.force_login(user)
    response = client.get(REGISTRY)
    assert response.status_code == 200
    assert b"Diallo" in response.content and b"Mensah" in response.content

    # Filters by language, area, municipality and status; search.
    response = client.get(REGISTRY, {"languages__language__exact": "tw"})
    assert b"Mensah" in response.content and b"Diallo" not in response.content
    health = ServiceArea.objects.get(code="health")
    response = client.get(REGISTRY, {"areas__id__exact": health.pk, "status__exact": "active"})
    assert b"Diallo" in response.content and b"Mensah" not in response.content
    assert b"Fall" not in response.content  # suspended
    response = client.get(REGISTRY, {"municipalities__id__exact": municipality("casalmaggiore").pk})
    assert b"Mensah" in response.content and b"Diallo" not in response.content
    response = client.get(REGISTRY, {"q": "ndiaye"})
    assert b"Ndiaye" in response.content and b"Mensah" not in response.content

    # Export: CSV with the registry's data (logged).
    response = client.get(REGISTRY, {"export": "csv", "languages__language__exact": "wo"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["Last name"] for row in rows} == {"Diallo", "Ndiaye", "Fall", "Sarr"}
    amina = next(row for row in rows if row["Last name"] == "Diallo")
    assert amina["E-mail"] == "amina.diallo@mediatori.example"
    assert amina["Phone"] == "+39 347 0000001"
    assert amina["Languages"] == "Wolof (Native), French (Fluent (C1–C2))"
    assert amina["Areas"] == "Health, School" and amina["Municipalities served"] == "Cremona"
    assert amina["Status"] == "Active" and amina["Consent given on"] == "2025-01-10"
    response = client.get(REGISTRY, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('mediators-registry.xlsx"')

    # Opening a record is logged too.
    assert client.get(f"{REGISTRY}inspect/{mediators['amina'].pk}/").status_code == 200
    assert client.get(f"{REGISTRY}edit/{mediators['kwame'].pk}/").status_code == 200
    log = list(PersonalDataAccess.objects.filter(user=user).order_by("at", "pk"))
    assert [(entry.action, entry.object_id) for entry in log] == [
        ("export", ""),
        ("export", ""),
        ("view", str(mediators["amina"].pk)),
        ("edit", str(mediators["kwame"].pk)),
    ]
    assert log[0].details.startswith("csv 4 rows")


def test_only_administrators_read_the_access_log(people, mediators, client):
    client.force_login(people["coordinator"])
    client.get(f"{REGISTRY}inspect/{mediators['amina'].pk}/")
    assert refused(client.get(ACCESS_LOG))
    client.force_login(people["administrator"])
    response = client.get(ACCESS_LOG)
    assert response.status_code == 200
    assert b"med-coordinator" in response.content


def test_coordinators_add_a_mediator_in_the_admin(people, client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(people["coordinator"])
    data = nested_form_data(
        {
            "first_name": "Fatima",
            "last_name": "Zahra",
            "email": "fatima.zahra@mediatori.example",
            "phone": "+39 333 9999999",
            "status": "active",
            "languages": inline_formset([{"language": "ar", "level": "native"}]),
            "areas": [ServiceArea.objects.get(code="health").pk],
            "municipalities": [municipality("cremona").pk],
            "training": "network",
            "available_mornings": "on",
            "consent_date": "2025-02-01",
            "consent_scope": "Registro e contatto per le richieste",
        }
    )
    response = client.post(f"{REGISTRY}create/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    fatima = Mediator.objects.get(last_name="Zahra")
    assert list(fatima.languages.values_list("language", "level")) == [("ar", "native")]


# --- Public pages ---------------------------------------------------------------------------------


def live_page(model, language):
    return model.objects.live().get(locale__language_code=language)


@pytest.mark.parametrize("language", ["it", "ar", "zh-hans", "en"])
def test_the_coverage_page_shows_counts_only(language, mediators, client):
    page = live_page(MediatorCoveragePage, language)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for mediator in Mediator.objects.all():
        for value in (mediator.first_name, mediator.last_name, mediator.email, mediator.phone):
            assert value not in html
    # Active mediators with consent only: Amina, Kwame, Moussa.
    languages = response.context["coverage"]["languages"]
    counts = dict(languages)
    assert sum(counts.values()) == 5 and len(counts) == 4
    assert sorted(counts.values()) == [1, 1, 1, 2]
    assert "Tigrinya" not in html  # only the mediator without consent speaks it
    assert response.context["coverage"]["total"] == 3
    assert 'id="coverage-languages"' in html and 'id="coverage-areas"' in html
    assert "private" in response["Cache-Control"]  # never kept by a shared page cache


def test_the_coverage_page_names_languages_and_areas_in_the_visitors_language(mediators, client):
    html = client.get(live_page(MediatorCoveragePage, "fr").url).content.decode()
    assert "Wolof" in html and "Twi" in html
    assert "Santé" in html  # the health area, in French
    html = client.get(live_page(MediatorCoveragePage, "it").url).content.decode()
    assert "Sanità" in html and "Inglese" in html


def test_the_protocol_page_has_its_tariffs_and_document(
    client, tmp_path, django_capture_on_commit_callbacks
):
    page = live_page(MediatorProtocolPage, "it")
    with override_settings(MEDIA_ROOT=tmp_path):
        document = get_document_model().objects.create(
            title="Protocollo mediatori 2025",
            file=ContentFile(b"Protocollo operativo.\n", name="protocollo.txt"),
        )
        page.document = document
        page.save_revision().publish()
        html = client.get(page.url).content.decode()
        assert 'id="tariffs"' in html
        assert "Mediazione in presenza" in html and "25,00" in html  # Italian numbers
        assert document.url in html and "Scarica il protocollo" in html
        # In Arabic (a translation): its own words, interface in Arabic; the file reaches it when
        # translations are updated from the Italian page, as with wagtail-localize's "Sync".
        source, _ = TranslationSource.update_or_create_from_instance(page)
        with django_capture_on_commit_callbacks(execute=True):
            source.translations.get(target_locale__language_code="ar").save_target(publish=True)
        html = client.get(live_page(MediatorProtocolPage, "ar").url).content.decode()
        assert "وساطة حضورية" in html and "Mediazione in presenza" not in html
        assert document.url in html
        assert "تنزيل البروتوكول" in html


def test_the_new_pages_are_sections_of_every_language(client):
    for model in (MediatorRequestPage, MediatorCoveragePage, MediatorProtocolPage):
        pages = model.objects.live()
        assert {page.locale.language_code for page in pages} == {
            locale.language_code for locale in Locale.objects.all()
        }
        for page in pages:
            assert page.get_parent().specific_class.__name__ == "HomePage"


def test_the_pages_are_translated_and_a_new_run_keeps_what_editors_changed(client):
    for model in (MediatorRequestPage, MediatorCoveragePage, MediatorProtocolPage):
        assert not model.objects.filter(alias_of__isnull=False).exists()
    html = client.get(request_page("uk").url).content.decode()
    assert "Попросити мовно-культурного медіатора" in html
    assert "Заповніть форму щонайменше за три дні" in html
    assert "e-mail і телефон ми використовуємо лише для цього запиту" in html  # privacy notice

    english = request_page("en")
    english.title = "Request a mediator"
    english.save_revision().publish()
    italian = request_page("it")
    italian.summary = "Un riassunto riscritto dalla redazione."
    italian.save_revision().publish()
    request_page("ar").delete()
    ensure_site_structure()
    assert request_page("en").title == "Request a mediator"
    arabic = request_page("ar")  # made again: the rewritten Italian text waits for translators
    assert arabic.title == "طلب وسيط لغوي وثقافي"
    assert arabic.summary == "Un riassunto riscritto dalla redazione."


# --- The request form -----------------------------------------------------------------------------


def form_data(**fields):
    data = {
        "organisation": "ASST Cremona – Pediatria",
        "service_type": "health",
        "contact_name": "Marco Rossi",
        "contact_email": "marco.rossi@asst.example",
        "contact_phone": "+39 0372 405111",
        "language": "wo",
        "starts_at": in_days(3, hour=9).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "90",
        "mode": "in_person",
        "municipality": "cremona",
        "place": "Ospedale Maggiore, piano 2",
        "notes": "Visita di controllo",
        "consent": "on",
        "website": "",
        "started": RequestForm.stamp(time.time() - 60),
    }
    data.update(fields)
    return data


def request_page(language="it"):
    return live_page(MediatorRequestPage, language)


def test_a_request_is_stored_and_both_sides_are_told(
    people, client, django_capture_on_commit_callbacks
):
    page = request_page("fr")
    assert client.get(page.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, form_data())
    assert response.status_code == 302
    assert response["Location"].endswith(page.url + "sent/")
    saved = MediatorRequest.objects.get()
    assert (saved.language, saved.status, saved.form_language) == ("wo", "new", "fr")
    assert saved.municipality == municipality("cremona")
    assert saved.duration_minutes == 90
    to_requester = next(m for m in mail.outbox if m.to == ["marco.rossi@asst.example"])
    assert "médiateur" in to_requester.subject  # in the form's language
    to_coordinator = next(m for m in mail.outbox if m.to == ["med-coordinator@example.org"])
    assert reverse("mediator_request_handle", args=[saved.pk]) in to_coordinator.body
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Merci" in response.content.decode()


@override_settings(EMAIL_BACKEND="tests.test_mediators.FailingEmailBackend")
def test_a_request_is_kept_when_the_mail_server_is_down(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_page().url, form_data())
    assert response.status_code == 302
    assert MediatorRequest.objects.filter(contact_email="marco.rossi@asst.example").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {
                "starts_at": (timezone.localtime() - datetime.timedelta(days=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            },
            "starts_at",
            "The date and time must be in the future.",
        ),
        ({"starts_at": "domani mattina"}, "starts_at", "Write the date and time"),
        ({"language": "klingon"}, "language", "Choose the language from the list"),
        ({"language": ""}, "language", "This field is required."),
        ({"contact_email": "marco.rossi@"}, "contact_email", "Write a valid e-mail address"),
        ({"contact_phone": "chiamatemi"}, "contact_phone", "Write the phone number with digits"),
        ({"municipality": "", "mode": "in_person"}, "municipality", "choose the municipality"),
        ({"municipality": "atlantide"}, "municipality", "Select a valid choice"),
        ({"consent": ""}, "consent", "please agree to the privacy notice"),
        ({"website": "http://spam.example"}, "website", "This field must be left empty."),
        ({"started": "now"}, "started", "The form was sent very quickly."),
        ({"started": "forged"}, "started", "Something went wrong."),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_stored(fields, field, message, client):
    if fields.get("started") == "now":  # sent as soon as it was shown
        fields = {"started": RequestForm.stamp()}
    response = client.post(request_page("en").url, form_data(**fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'id="error-summary"' in html
    assert not MediatorRequest.objects.exists()
    assert mail.outbox == []


def test_errors_are_in_the_visitors_language(client):
    response = client.post(request_page("it").url, form_data(contact_phone="nessuno"))
    assert "Scrivi il numero di telefono in cifre" in response.content.decode()


def test_a_remote_request_needs_no_municipality(client):
    response = client.post(
        request_page().url, form_data(mode="remote", municipality="", place="Via Roma 1")
    )
    assert response.status_code == 302
    saved = MediatorRequest.objects.get()
    assert saved.is_remote and saved.municipality is None and saved.place == ""


# --- Matching, assignment and status --------------------------------------------------------------


def test_suggestions_rank_language_then_municipality_area_and_availability(mediators):
    # Wolof, in Cremona, at school, on a weekday morning.
    starts = in_days(1, hour=9)
    while starts.weekday() >= 5:
        starts += datetime.timedelta(days=1)
    mediator_request = new_request(starts_at=starts)
    moussa = mediators["moussa"]
    moussa.municipalities.add(municipality("cremona"))
    moussa.save()
    ranked = [s.mediator.first_name for s in suggestions(mediator_request)]
    # Kwame does not speak Wolof; the suspended mediator and the one without consent never show.
    assert ranked == ["Amina", "Moussa"]
    # Moussa serves Cremona too but works neither in schools nor in the mornings.
    first, second = suggestions(mediator_request)
    assert (first.municipality, first.area, first.available) == (True, True, True)
    assert (second.municipality, second.area, second.available) == (True, False, False)

    # Elsewhere (Soresina): Moussa serves it, Amina does not; municipality outranks area.
    soresina = new_request(starts_at=starts, municipality=municipality("soresina"))
    assert [s.mediator.first_name for s in suggestions(soresina)] == ["Moussa", "Amina"]

    # A mediator busy at that time is not suggested.
    new_request(
        starts_at=starts + datetime.timedelta(minutes=30),
        mediator=mediators["amina"],
        status=MediatorRequest.Status.ASSIGNED,
    )
    assert [s.mediator.first_name for s in suggestions(mediator_request)] == ["Moussa"]


def handle(client, mediator_request, **data):
    return client.post(reverse("mediator_request_handle", args=[mediator_request.pk]), data)


def test_a_coordinator_assigns_a_mediator_and_both_get_an_e_mail(
    people, mediators, client, django_capture_on_commit_callbacks
):
    mediator_request = new_request(form_language="en")
    client.force_login(people["coordinator"])
    url = reverse("mediator_request_handle", args=[mediator_request.pk])
    page = client.get(url).content.decode()
    assert "Assign Amina Diallo" in page and "Assign Kwame Mensah" not in page

    # Not someone who does not speak the language, even by a forged form.
    with django_capture_on_commit_callbacks(execute=True):
        handle(client, mediator_request, action="assign", mediator=mediators["kwame"].pk)
    mediator_request.refresh_from_db()
    assert mediator_request.status == "new" and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = handle(client, mediator_request, action="assign", mediator=mediators["amina"].pk)
    assert response.status_code == 302
    mediator_request.refresh_from_db()
    assert mediator_request.status == "assigned"
    assert mediator_request.mediator == mediators["amina"]
    to_requester = next(m for m in mail.outbox if m.to == ["paola.bianchi@scuola.example"])
    to_mediator = next(m for m in mail.outbox if m.to == ["amina.diallo@mediatori.example"])
    # The requester learns the first name only.
    assert "Amina" in to_requester.body
    for private in ("Diallo", "amina.diallo@", "347 0000001"):
        assert private not in to_requester.body and private not in to_requester.subject
    # The mediator gets what the meeting needs, in Italian.
    assert "Istituto comprensivo Cremona Uno" in to_mediator.body
    assert "Via Dante 1, aula 3" in to_mediator.body and "+39 0372 111222" in to_mediator.body
    assert "Nuovo incarico" in to_mediator.subject

    # Done, with the time worked.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handle(client, mediator_request, action="done", duration_minutes="75")
    mediator_request.refresh_from_db()
    assert (mediator_request.status, mediator_request.duration_minutes) == ("done", 75)
    assert mediator_request.closed_at is not None
    assert {tuple(m.to) for m in mail.outbox} == {
        ("paola.bianchi@scuola.example",),
        ("amina.diallo@mediatori.example",),
    }
    # A closed request cannot be cancelled or given to someone else.
    mail.outbox.clear()
    response = handle(client, mediator_request, action="cancel")
    assert mediator_request.status == MediatorRequest.objects.get().status == "done"
    assert mail.outbox == []
    response = client.get(response["Location"])
    assert "cannot be changed" in response.content.decode()


def test_a_request_can_be_cancelled_and_done_needs_a_duration(
    people, mediators, client, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    mediator_request = new_request(mediator=mediators["amina"], status="assigned")
    response = handle(client, mediator_request, action="done", duration_minutes="-5")
    assert response.status_code == 200
    assert MediatorRequest.objects.get().status == "assigned"
    with django_capture_on_commit_callbacks(execute=True):
        handle(client, mediator_request, action="cancel")
    mediator_request.refresh_from_db()
    assert mediator_request.status == "cancelled"
    assert {m.to[0] for m in mail.outbox} == {
        "paola.bianchi@scuola.example",
        "amina.diallo@mediatori.example",
    }


# --- Personal data: anonymisation, export, erasure ------------------------------------------------


def test_the_anonymisation_command_forgets_old_closed_requests(mediators):
    now = timezone.now()
    old_done = new_request(
        status="done", mediator=mediators["amina"], closed_at=now - datetime.timedelta(days=400)
    )
    old_cancelled = new_request(status="cancelled", closed_at=now - datetime.timedelta(days=366))
    recent_done = new_request(status="done", closed_at=now - datetime.timedelta(days=30))
    old_open = new_request(status="assigned", starts_at=now - datetime.timedelta(days=500))
    out = io.StringIO()
    call_command("anonymise_mediator_requests", stdout=out)  # the setting: 365 days
    assert "2 requests anonymised" in out.getvalue()
    for mediator_request in (old_done, old_cancelled):
        mediator_request.refresh_from_db()
        assert mediator_request.contact_name == mediator_request.contact_email == ""
        assert mediator_request.contact_phone == mediator_request.place == ""
        assert mediator_request.notes == "" and mediator_request.anonymised_at is not None
        # What the figures need stays.
        assert mediator_request.language == "wo" and mediator_request.duration_minutes == 60
        assert mediator_request.municipality == municipality("cremona")
    assert old_done.mediator == mediators["amina"]
    for mediator_request in (recent_done, old_open):
        mediator_request.refresh_from_db()
        assert mediator_request.contact_email == "paola.bianchi@scuola.example"

    call_command("anonymise_mediator_requests", "--older-than-days", "7", stdout=out)
    recent_done.refresh_from_db()
    assert recent_done.contact_email == "" and "1 requests anonymised" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("anonymise_mediator_requests", "--older-than-days", "-1")


def test_a_mediators_data_is_exported_then_erased(people, mediators, client):
    amina = mediators["amina"]
    done = new_request(mediator=amina, status="done", duration_minutes=90)
    client.force_login(people["coordinator"])
    response = client.get(reverse("mediator_data_export", args=[amina.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["email"] == "amina.diallo@mediatori.example"
    assert {row["language"] for row in data["languages"]} == {"wo", "fr"}
    assert data["areas"] == ["health", "school"] and data["municipalities"] == ["Cremona"]
    assert data["requests"][0]["id"] == done.pk

    assert client.get(reverse("mediator_erase", args=[amina.pk])).status_code == 200
    response = client.post(reverse("mediator_erase", args=[amina.pk]))
    assert response.status_code == 302
    assert not Mediator.objects.filter(pk=amina.pk).exists()
    assert not MediatorLanguage.objects.filter(mediator_id=amina.pk).exists()
    done.refresh_from_db()
    assert done.mediator is None and done.language == "wo" and done.duration_minutes == 90
    log = PersonalDataAccess.objects.filter(object_id=str(amina.pk)).order_by("at", "pk")
    assert [entry.action for entry in log] == ["data_export", "erase"]
    assert all(entry.user == people["coordinator"] for entry in log)
    assert not PersonalDataAccess.objects.filter(details__contains="Diallo").exists()


def test_the_commands_export_and_erase_a_mediator(mediators):
    kwame = mediators["kwame"]
    out = io.StringIO()
    call_command("export_mediator_data", str(kwame.pk), stdout=out)
    assert json.loads(out.getvalue())["last_name"] == "Mensah"
    call_command("erase_mediator", str(kwame.pk), stdout=io.StringIO())
    assert not Mediator.objects.filter(pk=kwame.pk).exists()
    assert list(
        PersonalDataAccess.objects.filter(object_id=str(kwame.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["data_export", "erase"]
    with pytest.raises(CommandError):
        call_command("erase_mediator", str(kwame.pk))


# --- The funder's report --------------------------------------------------------------------------


@pytest.fixture
def report_requests(mediators):
    amina, kwame = mediators["amina"], mediators["kwame"]
    march = timezone.make_aware(datetime.datetime(2025, 3, 10, 10))
    april = timezone.make_aware(datetime.datetime(2025, 4, 2, 15))
    new_request(starts_at=march, status="done", mediator=amina, duration_minutes=90)
    new_request(
        starts_at=march + datetime.timedelta(days=5),
        status="done",
        mediator=amina,
        duration_minutes=60,
        service_type="health",
    )
    new_request(
        starts_at=april,
        status="done",
        mediator=kwame,
        language="tw",
        duration_minutes=45,
        mode="remote",
        municipality=None,
        service_type="social",
    )
    new_request(starts_at=april, status="cancelled", language="tw", service_type="social")
    new_request(starts_at=april + datetime.timedelta(days=40), status="new")  # May


def report_rows(response):
    return [
        (row["breakdown"], row["value"], row["requests"], row["done"], row["hours"])
        for row in response.context["object_list"]
    ]


def test_the_funder_report_counts_requests_and_hours(people, report_requests, client):
    client.force_login(people["coordinator"])
    response = client.get(REPORT)
    assert response.status_code == 200
    rows = report_rows(response)
    assert rows == [
        ("Month", "2025-03", 2, 2, 2.5),
        ("Month", "2025-04", 2, 1, 0.75),
        ("Month", "2025-05", 1, 0, 0),
        ("Language", "Twi", 2, 1, 0.75),
        ("Language", "Wolof", 3, 2, 2.5),
        ("Municipality", "Cremona", 4, 2, 2.5),
        ("Municipality", "Remote", 1, 1, 0.75),
        ("Type of service", "Health", 1, 1, 1.0),
        ("Type of service", "School", 2, 1, 1.5),
        ("Type of service", "Social services", 2, 1, 0.75),
        ("Total", "", 5, 3, 3.25),
    ]

    # A date range, and the CSV for the funder.
    response = client.get(
        REPORT, {"starts_at_from": "2025-04-01", "starts_at_to": "2025-04-30", "export": "csv"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["Breakdown", "Value", "Requests", "Requests done", "Hours delivered"]
    assert table[-1] == ["Total", "", "2", "1", "0.75"]
    assert ["Language", "Twi", "2", "1", "0.75"] in table
    assert "Diallo" not in content and "paola" not in content


def test_the_funder_report_forgives_bad_dates(people, report_requests, client):
    client.force_login(people["administrator"])
    response = client.get(REPORT, {"starts_at_from": "marzo"})
    assert response.status_code == 200
    assert report_rows(response)[-1] == ("Total", "", 5, 3, 3.25)
