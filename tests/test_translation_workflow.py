"""Translation status, what residents are told, and translators confined to their language."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from services.models import ServicePage
from translations.status import status_of

pytestmark = pytest.mark.django_db

VACCINATIONS = "service-demo-vaccinazioni-bambini"
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # neither in Punjabi nor in Albanian


def version(lang, key=VACCINATIONS):
    return Page.objects.get(
        translation_key=ServicePage.objects.get(
            import_key=VACCINATIONS, locale__language_code="it"
        ).translation_key
        if key == VACCINATIONS
        else Page.objects.filter(locale__language_code="it")
        .specific()
        .get(eventpage__import_key=key)
        .translation_key,
        locale__language_code=lang,
    ).specific


def status_report(*args):
    out = StringIO()
    call_command("translation_status", *args, stdout=out)
    return out.getvalue()


def statuses_of(key, rows):
    return {row["locale"]: row["status"] for row in rows if row["key"] == key}


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redazione", "redazione@example.org", "x")


def make_user(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x")
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def assert_denied(response):
    """The admin answers 403, or sends the user back to the dashboard with a message."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    ), response


def edit_and_publish_italian(user, page, summary):
    page.summary = summary
    page.save_revision(user=user).publish(user=user)


def test_imported_translations_start_up_to_date_and_untranslated_ones_are_missing():
    rows = json.loads(status_report("--format", "json"))
    assert set(rows[0]) == {
        "key",
        "title",
        "locale",
        "status",
        "source_published_at",
        "translation_updated_at",
    }
    assert set(statuses_of(VACCINATIONS, rows).values()) == {"up_to_date"}
    new_year = statuses_of(CHINESE_NEW_YEAR, rows)
    assert new_year["pa"] == new_year["sq"] == "missing" and new_year["ar"] == "up_to_date"


def test_publishing_the_italian_page_makes_translations_outdated_until_synced_and_published(
    client, editor, django_capture_on_commit_callbacks
):
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    edit_and_publish_italian(editor, italian, "Nuovo riassunto: orari cambiati.")
    assert set(statuses_of(VACCINATIONS, json.loads(status_report())).values()) == {"outdated"}
    assert "outdated" in status_report("--format", "csv", "--language", "ar")

    # Sync and publish through wagtail-localize's own view, as the redazione would.
    client.force_login(editor)
    source = Translation.objects.filter(source__object_id=italian.translation_key).first().source
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        response = client.post(
            f"/admin/localize/update/{source.id}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302
    rows = json.loads(status_report())
    assert set(statuses_of(VACCINATIONS, rows).values()) == {"up_to_date"}


def test_residents_are_told_when_a_translation_is_outdated(client, editor):
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    arabic = version("ar")
    assert "notice--outdated" not in client.get(arabic.url).content.decode()
    edit_and_publish_italian(editor, italian, "Nuovo riassunto.")
    html = client.get(arabic.url).content.decode()
    assert "notice--outdated" in html
    assert f'href="{italian.url}"' in html


def test_machine_translations_are_marked_until_a_person_publishes_them(
    client, editor, django_capture_on_commit_callbacks
):
    arabic = version("ar")
    translation = Translation.objects.get(
        source__object_id=arabic.translation_key, target_locale=arabic.locale
    )
    StringTranslation.objects.filter(
        context__object_id=arabic.translation_key, locale=arabic.locale
    ).update(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
    assert status_of(arabic).status == "machine"
    assert "notice--machine" in client.get(arabic.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=True)  # a person reviewed and published it
    assert status_of(version("ar")).status == "up_to_date"


def test_translators_are_emailed_when_an_italian_page_they_translated_changes(
    django_user_model, editor
):
    translator = make_user(django_user_model, "traduttrice_ar", "Translators (ar)")
    make_user(django_user_model, "translator_uk", "Translators (uk)")
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    mail.outbox.clear()
    edit_and_publish_italian(editor, italian, "Riassunto cambiato.")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["traduttrice_ar@example.org", "translator_uk@example.org"]
    arabic_mail = next(m for m in mail.outbox if m.to == [translator.email])
    assert italian.title in arabic_mail.subject + arabic_mail.body
    assert f"/admin/pages/{version('ar').pk}/edit/" in arabic_mail.body


def test_a_translators_dashboard_lists_their_outdated_pages(client, django_user_model, editor):
    translator = make_user(django_user_model, "traduttore", "Translators (ar)")
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    edit_and_publish_italian(editor, italian, "Riassunto cambiato.")
    client.force_login(translator)
    html = client.get("/admin/").content.decode()
    assert "outdated-translations-heading" in html
    assert f"/admin/pages/{version('ar').pk}/edit/" in html


def test_an_arabic_translator_translates_and_submits_and_an_arabic_reviewer_publishes(
    client, django_user_model
):
    translator = make_user(django_user_model, "traduttore_ar", "Translators (ar)")
    reviewer = make_user(django_user_model, "revisore_ar", "Translation reviewers (ar)")
    arabic = version("ar")
    translation = Translation.objects.get(
        source__object_id=arabic.translation_key, target_locale=arabic.locale
    )
    title_segment = StringSegment.objects.get(source=translation.source, context__path="title")

    client.force_login(translator)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk])).status_code == 200
    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation", args=[translation.id, title_segment.id]
        ),
        data="value=عنوان جديد للتطعيمات",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)
    response = client.post(reverse("translation_submit_for_review", args=[arabic.pk]))
    assert response.status_code == 302 and response["Location"] != "/admin/"
    arabic.refresh_from_db()
    assert arabic.workflow_in_progress
    assert arabic.title != "عنوان جديد للتطعيمات"  # residents still see the published text
    assert "عنوان جديد للتطعيمات" not in client.get(arabic.url).content.decode()

    client.force_login(reviewer)
    task_state = arabic.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[arabic.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    arabic.refresh_from_db()
    assert arabic.live and arabic.title == "عنوان جديد للتطعيمات"


def test_a_translator_cannot_touch_the_italian_source_or_other_languages(client, django_user_model):
    translator = make_user(django_user_model, "traduttore_solo_ar", "Translators (ar)")
    client.force_login(translator)
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    urdu = version("ur")
    for page in (italian, urdu):
        assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    urdu_translation = Translation.objects.get(
        source__object_id=urdu.translation_key, target_locale=urdu.locale
    )
    segment = StringSegment.objects.filter(source=urdu_translation.source).first()
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[urdu_translation.id, segment.id]),
        data="value=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403
    assert_denied(client.post(reverse("translation_submit_for_review", args=[urdu.pk])))
    assert not Page.objects.get(pk=urdu.pk).workflow_in_progress
    # Submitting pages for translation is not theirs at all.
    assert_denied(
        client.post(f"/admin/localize/submit/page/{italian.pk}/", {"locales": [urdu.locale_id]})
    )


def test_submitting_for_translation_needs_edit_rights_on_the_page_not_only_the_global_permission(
    client, django_user_model
):
    from django.contrib.auth.models import Permission

    # An editor confined to the Arabic tree, with wagtail-localize's global permission.
    editor_ar = make_user(django_user_model, "editor_ar", "Translation reviewers (ar)")
    editor_ar.user_permissions.add(Permission.objects.get(codename="submit_translation"))
    client.force_login(editor_ar)
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    assert_denied(client.get(f"/admin/localize/submit/page/{italian.pk}/"))
    source = Translation.objects.filter(source__object_id=italian.translation_key).first().source
    assert_denied(
        client.post(f"/admin/localize/update/{source.id}/", {"publish_translations": "on"})
    )
    # The same user may submit pages of the tree they edit.
    arabic_home = Page.objects.get(depth=2, locale__language_code="ar")
    assert client.get(f"/admin/localize/submit/page/{arabic_home.pk}/").status_code == 200


def test_the_status_report_shows_counts_and_the_matrix(client, editor):
    client.force_login(editor)
    response = client.get(reverse("translation_status_report"), {"language": "pa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "translation-status--missing" in html and "translation-status--up_to_date" in html
    export = client.get(reverse("translation_status_report"), {"language": "pa", "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert f"{CHINESE_NEW_YEAR},".encode() in export.content


def test_the_report_is_not_for_everyone(client, django_user_model):
    client.force_login(make_user(django_user_model, "nessuno"))
    assert client.get(reverse("translation_status_report")).status_code in (302, 403)


def test_a_pages_edit_view_shows_its_translations(client, editor):
    client.force_login(editor)
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk])).content.decode()
    assert f"/admin/pages/{version('ar').pk}/edit/" in html
