"""Content rules: staff say "when a page of this type is published (…), e-mail this group", and
the portal does it once per event, through the task queue, keeping count."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.users.models import UserProfile
from wagtail_localize.synctree import synchronize_tree

from content_rules.models import ContentRule, ContentRuleFiring
from core.models import Topic
from events.models import EventIndexPage
from services.models import ServiceIndexPage, ServicePage
from translations.roles import translators_group_name

pytestmark = pytest.mark.django_db

VACCINATIONS = "service-demo-vaccinazioni-bambini"  # health; translated into every language
SCHOOL_MEALS = "service-demo-riduzioni-mensa-scuolabus-castelverde"  # not about health
TEAM = ["anna@example.org", "bruno@example.org"]


def italian(key):
    return ServicePage.objects.get(import_key=key, locale__language_code="it")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redazione", "redazione@example.org", "x")


@pytest.fixture
def health_team(django_user_model):
    team = Group.objects.create(name="Health team")
    for address in TEAM:
        user = django_user_model.objects.create_user(address.split("@")[0], address, "x")
        user.groups.add(team)
    # Not told: without an address, inactive, or not in the group.
    django_user_model.objects.create_user("nomail", "", "x").groups.add(team)
    inactive = django_user_model.objects.create_user("gone", "gone@example.org", "x")
    inactive.is_active = False
    inactive.save()
    inactive.groups.add(team)
    django_user_model.objects.create_user("other", "other@example.org", "x")
    return team


def make_rule(team=None, **fields):
    fields.setdefault("on_published", True)
    rule = ContentRule.objects.create(
        name=fields.pop("name", "Health services"), notify_group=team, **fields
    )
    rule.page_types.set([ContentType.objects.get_for_model(ServicePage)])
    return rule


@pytest.fixture
def health_rule(health_team):
    """ "E-mail the health team when a health service is published"."""
    return make_rule(
        health_team, topic=Topic.objects.get(slug="health", locale__language_code="it")
    )


@pytest.fixture
def publish(editor, django_capture_on_commit_callbacks):
    def run(page, user=editor):
        page.summary = f"{page.summary} ·"
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=user).publish(user=user)

    return run


def team_mail():
    return [message for message in mail.outbox if set(message.to) & set(TEAM)]


def new_health_service(title="Consultorio familiare"):
    """An Italian service that exists only in Italian: the other languages show aliases."""
    index = ServiceIndexPage.objects.get(locale__language_code="it")
    page = index.add_child(instance=ServicePage(title=title, slug="consultorio-test"))
    page.topics.set([Topic.objects.get(slug="health", locale__language_code="it")])
    page.save_revision().publish()
    italian = Locale.objects.get(language_code="it")
    for locale in Locale.objects.exclude(pk=italian.pk):
        synchronize_tree(italian, locale)
    return ServicePage.objects.get(pk=page.pk)


def test_a_health_service_published_emails_the_health_team_once_per_publish(health_rule, publish):
    page = italian(VACCINATIONS)

    publish(page)
    (message,) = team_mail()
    assert sorted(message.to) == TEAM
    assert page.title in message.subject
    assert f"/admin/pages/{page.pk}/edit/" in message.body
    assert "è stata pubblicata" in message.body  # in the staff's working language
    assert "Health services" in message.body  # the rule that sent it

    publish(page)
    assert len(team_mail()) == 2
    health_rule.refresh_from_db()
    assert health_rule.times_fired == 2 and health_rule.last_fired_at is not None
    firings = ContentRuleFiring.objects.filter(rule=health_rule)
    assert [(f.page_id, f.event, f.recipients) for f in firings] == [(page.pk, "published", 2)] * 2


def test_the_aliases_updated_in_the_other_languages_do_not_fire_again(health_rule, publish):
    page = new_health_service()
    aliases = Page.objects.filter(alias_of=page)
    assert aliases.count() == Locale.objects.count() - 1  # the other trees show it as an alias
    mail.outbox.clear()
    ContentRuleFiring.objects.all().delete()

    publish(page)
    assert len(team_mail()) == 1
    assert ContentRuleFiring.objects.filter(page=page).count() == 1


def test_rules_that_do_not_fit_stay_silent(health_team, health_rule, publish, editor):
    disabled = make_rule(health_team, name="Off", enabled=False)
    about_events = make_rule(
        health_team,
        name="Events section",
        section=EventIndexPage.objects.get(locale__language_code="it"),
    )
    publish(italian(SCHOOL_MEALS))  # not about health
    with_topic = italian(VACCINATIONS)
    with_topic.save_revision(user=editor)  # a draft is not a publish
    assert team_mail() == []
    for rule in (health_rule, disabled, about_events):
        rule.refresh_from_db()
        assert rule.times_fired == 0 and rule.last_fired_at is None


def test_a_section_chosen_in_any_language_covers_the_italian_pages_below_it(health_team, publish):
    arabic_services = ServiceIndexPage.objects.get(locale__language_code="ar")
    rule = make_rule(health_team, section=arabic_services)
    publish(italian(SCHOOL_MEALS))
    assert len(team_mail()) == 1
    rule.refresh_from_db()
    assert rule.times_fired == 1


def test_unpublishing_fires_only_the_rules_about_unpublishing(
    health_team, health_rule, django_capture_on_commit_callbacks
):
    on_unpublish = make_rule(health_team, name="Gone", on_published=False, on_unpublished=True)
    page = new_health_service()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()  # its aliases are unpublished too, each with a signal
    (message,) = team_mail()
    assert "Gone" in message.body
    on_unpublish.refresh_from_db()
    health_rule.refresh_from_db()
    assert on_unpublish.times_fired == 1
    assert health_rule.times_fired == 1  # from the publish in new_health_service only


def test_publishing_a_translation_is_not_a_new_publish(health_rule, publish):
    publish(italian(VACCINATIONS).get_translation(Locale.objects.get(language_code="ar")))
    assert team_mail() == []


def test_submitted_for_review(health_team, editor, django_capture_on_commit_callbacks):
    rule = make_rule(health_team, on_published=False, on_submitted=True)
    page = italian(VACCINATIONS)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    (message,) = team_mail()
    assert page.title in message.subject
    rule.refresh_from_db()
    assert rule.times_fired == 1


def test_translations_outdated_by_a_new_italian_version(health_team, publish):
    rule = make_rule(health_team, on_published=False, on_translation_outdated=True)
    page = italian(VACCINATIONS)

    page.save_revision().publish()  # an import (no author) rewrites the translations itself
    assert team_mail() == []

    publish(page)
    (message,) = team_mail()
    assert "العربية" in message.body and "Українська" in message.body
    assert ContentRuleFiring.objects.get(rule=rule).event == "translation_outdated"


def test_a_rule_can_note_it_in_the_page_history_without_mail(publish):
    rule = make_rule(add_to_history=True)
    page = italian(VACCINATIONS)
    publish(page)
    assert team_mail() == []
    entry = PageLogEntry.objects.filter(page=page, action="content_rules.applied").get()
    assert "Health services" in entry.message
    assert ContentRuleFiring.objects.get(rule=rule).recipients == 0


def test_a_rule_needs_a_moment_and_something_to_do():
    rule = ContentRule(name="Nothing")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert set(error.value.message_dict) == {"on_published", "notify_group"}


def as_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def test_the_redazione_sees_when_each_rule_last_applied(
    client, django_user_model, health_rule, publish
):
    publish(italian(VACCINATIONS))
    member = django_user_model.objects.create_user("red", "red@example.org", "x")
    member.groups.add(Group.objects.get(name="Redazione"))
    client.force_login(as_english(member))

    response = client.get(reverse("wagtailsnippets_content_rules_contentrule:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Health services" in html
    assert "Last applied" in html and "Times applied" in html
    row = html[html.index("Health services") :]
    assert ">1<" in row[: row.index("</tr>")].replace(" ", "").replace("\n", "")

    response = client.get(reverse("wagtailsnippets_content_rules_contentrulefiring:list"))
    assert response.status_code == 200
    assert escape(italian(VACCINATIONS).title) in response.content.decode()


def test_the_redazione_creates_a_rule_in_the_admin(client, django_user_model, health_team):
    member = django_user_model.objects.create_user("red", "red@example.org", "x")
    member.groups.add(Group.objects.get(name="Redazione"))
    client.force_login(as_english(member))
    url = reverse("wagtailsnippets_content_rules_contentrule:add")
    service_type = ContentType.objects.get_for_model(ServicePage)
    response = client.get(url)
    assert response.status_code == 200
    # Wagtail's bare page type is not offered.
    page_types = response.context["form"].fields["page_types"]
    assert service_type in page_types.queryset
    assert ContentType.objects.get_for_model(Page) not in page_types.queryset
    with translation.override("en"):
        assert "Service" in [str(label) for _value, label in page_types.choices]

    response = client.post(
        url,
        {
            "name": "New health services",
            "enabled": "on",
            "on_published": "on",
            "page_types": [service_type.pk],
            "notify_group": health_team.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ContentRule.objects.get(name="New health services")
    assert list(rule.page_types.all()) == [service_type]


def test_other_staff_cannot_manage_rules(client, django_user_model):
    translator = django_user_model.objects.create_user("tr", "tr@example.org", "x")
    translator.groups.add(Group.objects.get(name=translators_group_name("ar")))
    client.force_login(translator)
    for view in ("list", "add"):
        response = client.get(reverse(f"wagtailsnippets_content_rules_contentrule:{view}"))
        assert response.status_code == 403 or (
            response.status_code == 302 and response["Location"] == "/admin/"
        )
