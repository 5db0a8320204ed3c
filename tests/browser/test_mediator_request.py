"""In a real browser: a school asks for a Wolof mediator, a coordinator assigns one.

Issue 7: "A professional submits a request in the browser; a coordinator assigns a mediator who
speaks that language; both e-mails are sent". A teacher fills in the public form (in English);
a mediator coordinator logs into the admin, opens the new request, sees the mediators who speak
Wolof (not the one who speaks only Twi) and assigns the first suggestion. The teacher gets the
confirmation with the mediator's first name only; the mediator gets the details.

Screenshots of every step: test-results/screenshots/<test name>/.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from core.models import Municipality
from mediators.models import (
    Mediator,
    MediatorLanguage,
    MediatorRequest,
    MediatorRequestPage,
    ServiceArea,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "una-password-per-il-browser"
TEACHER_EMAIL = "maestra.rossi@scuola.example"


def mediator(first, last, language, municipality):
    person = Mediator.objects.create(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@mediatori.example",
        phone="+39 347 5550000",
        consent_date=datetime.date(2025, 1, 10),
    )
    MediatorLanguage.objects.create(mediator=person, language=language, level="native")
    person.areas.set(ServiceArea.objects.filter(code="school"))
    person.municipalities.set([municipality])
    person.save()
    return person


def log_in(page, live_server, user, screenshot):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    screenshot(page, f"{user.username}-dashboard")


def test_a_school_asks_for_a_mediator_and_a_coordinator_assigns_one(
    live_server, new_page, screenshot, django_user_model
):
    cremona = Municipality.objects.get(slug="cremona", locale__language_code="it")
    awa = mediator("Awa", "Ndiaye", "wo", cremona)
    mediator("Kofi", "Boateng", "tw", cremona)  # speaks Twi only: never suggested
    coordinator = django_user_model.objects.create_user(
        "lucia", "lucia@example.org", PASSWORD, first_name="Lucia"
    )
    coordinator.groups.add(Group.objects.get(name="Mediator coordinators"))
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    starts = (timezone.localtime() + datetime.timedelta(days=7)).replace(
        hour=10, minute=30, second=0, microsecond=0
    )

    # --- a teacher asks for a Wolof mediator on the public form ---
    form_page = MediatorRequestPage.objects.get(locale__language_code="en")
    teacher = new_page()
    teacher.goto(f"{live_server.url}{form_page.url}")
    expect(teacher.get_by_role("heading", level=1)).to_be_visible()
    teacher.get_by_label("Organisation").fill("Scuola primaria Trento e Trieste")
    teacher.get_by_label("Type of service").select_option("school")
    teacher.get_by_label("Your name and surname").fill("Giovanna Rossi")
    teacher.get_by_label("Your e-mail").fill(TEACHER_EMAIL)
    teacher.get_by_label("Your phone").fill("+39 0372 407000")
    teacher.get_by_label("Language needed").select_option(label="Wolof")
    teacher.get_by_label("Date and time").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_label("How long").select_option("60")
    teacher.get_by_label("In person", exact=True).check()
    teacher.get_by_label("Municipality").select_option("cremona")
    teacher.get_by_label("Place").fill("Via Trento 5, aula insegnanti")
    teacher.get_by_label("Notes").fill("Colloquio con i genitori di un alunno arrivato da poco.")
    teacher.get_by_label(re.compile("I agree that my contact details")).check()
    teacher.wait_for_timeout(3500)  # a person takes longer than the form's spam threshold
    screenshot(teacher, "teacher-form")
    teacher.get_by_role("button", name="Send the request").click()
    teacher.wait_for_url(re.compile(r"/sent/$"))
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("we have received")
    screenshot(teacher, "teacher-thanks")

    request = MediatorRequest.objects.get()
    assert (request.language, request.status, request.organisation) == (
        "wo",
        "new",
        "Scuola primaria Trento e Trieste",
    )
    assert timezone.localtime(request.starts_at) == starts
    assert any(message.to == [TEACHER_EMAIL] for message in mail.outbox)
    mail.outbox.clear()

    # --- a coordinator finds it in the admin and assigns the Wolof mediator ---
    admin = new_page()
    log_in(admin, live_server, coordinator, screenshot)
    admin.goto(f"{live_server.url}/admin/mediators/mediatorrequest/?status__exact=new")
    row = admin.get_by_role("row").filter(has_text="Scuola primaria Trento e Trieste")
    expect(row).to_be_visible()
    screenshot(admin, "coordinator-requests")
    row.hover()
    row.locator("a[href$='/handle/']").first.click()
    admin.wait_for_url(re.compile(rf"/admin/mediators/requests/{request.pk}/handle/$"))
    suggestions = admin.get_by_role("region", name="Suggested mediators")
    expect(suggestions).to_contain_text("Awa Ndiaye")
    expect(suggestions).not_to_contain_text("Kofi Boateng")
    screenshot(admin, "coordinator-suggestions")
    suggestions.get_by_role("button", name="Assign Awa Ndiaye").click()
    expect(admin.locator(".messages")).to_contain_text("Assigned to Awa Ndiaye")
    screenshot(admin, "coordinator-assigned")

    request.refresh_from_db()
    assert request.status == MediatorRequest.Status.ASSIGNED and request.mediator == awa
    to_teacher = [message for message in mail.outbox if message.to == [TEACHER_EMAIL]]
    to_mediator = [message for message in mail.outbox if message.to == [awa.email]]
    assert len(to_teacher) == len(to_mediator) == 1
    assert "Awa" in to_teacher[0].body
    assert "Ndiaye" not in to_teacher[0].body and awa.email not in to_teacher[0].body
    assert "Via Trento 5, aula insegnanti" in to_mediator[0].body
