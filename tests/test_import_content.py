"""`manage.py import_content`: pages of every type, their translations, re-imports, bad input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation

from associations.models import AssociationPage
from courses.models import CourseIndexPage, CoursePage, CourseSession
from events.models import EventPage
from services.models import ServicePage

from .items import content_file, item

pytestmark = pytest.mark.django_db


def test_items_become_pages_of_their_type_under_their_index_with_translations(import_json):
    import_json(
        content_file(
            item("association", "association-test-griot"),
            item("service", "service-test-vaccini"),
            item("course", "course-test-a1"),
            item(
                "event",
                "event-test-festa",
                event={
                    "starts": "2027-03-06T15:00",
                    "ends": "2027-03-06T18:00",
                    "organizer": "association-test-griot",
                    "free": False,
                    "registration_required": True,
                },
            ),
        )
    )
    service = ServicePage.objects.get(import_key="service-test-vaccini", locale__language_code="it")
    assert service.live
    assert service.title == "Titolo service-test-vaccini"
    assert service.get_parent().specific_class.__name__ == "ServiceIndexPage"
    assert [t.slug for t in service.topics.all()] == ["health"]
    assert service.municipality.name == "Cremona"

    arabic = ServicePage.objects.get(import_key="service-test-vaccini", locale__language_code="ar")
    assert arabic.live and arabic.alias_of_id is None
    assert arabic.title == "عنوان service-test-vaccini"
    assert "الفقرة الثانية." in str(arabic.body)
    assert arabic.translation_key == service.translation_key
    assert arabic.get_parent().locale.language_code == "ar"
    # The translation is wagtail-localize's own: tracked segment by segment.
    translation = Translation.objects.get(
        source__object_id=service.translation_key, target_locale=arabic.locale
    )
    assert (
        StringTranslation.objects.filter(
            context__object_id=service.translation_key, locale=arabic.locale
        ).count()
        == 4
    )  # title, summary, two paragraphs

    course = CoursePage.objects.get(import_key="course-test-a1", locale__language_code="ar")
    assert [
        (s.weekday, f"{s.start_time:%H:%M}", f"{s.end_time:%H:%M}") for s in course.sessions.all()
    ] == [
        (CourseSession.Weekday.MONDAY, "09:00", "11:00"),
        (CourseSession.Weekday.THURSDAY, "14:30", "16:30"),
    ]
    assert course.childcare and course.level == "A1"
    assert isinstance(course.get_parent().specific, CourseIndexPage)

    event = EventPage.objects.get(import_key="event-test-festa", locale__language_code="it")
    assert event.starts.isoformat() == "2027-03-06T14:00:00+00:00"  # 15:00 in Rome, winter time
    assert event.organiser.import_key == "association-test-griot"
    association = AssociationPage.objects.get(
        import_key="association-test-griot", locale__language_code="it"
    )
    assert [a.value for a in association.activities] == ["doposcuola", "festa di quartiere"]
    assert [s.language for s in association.spoken_languages.all()] == ["it", "wo", "fr"]
    assert translation.source.get_source_instance().pk == service.pk


def test_the_page_tree_stays_sound_after_importing_translations(import_json):
    """A bulk import adds children under translated parents; numchild and paths must stay right."""
    import_json(
        content_file(
            item("service", "service-test-albero-1"), item("service", "service-test-albero-2")
        )
    )
    assert all(not problems for problems in Page.find_problems())


def test_untranslated_languages_get_the_italian_page_as_an_alias(import_json):
    import_json(content_file(item("service", "service-test-solo-italiano")))
    italian = ServicePage.objects.get(
        import_key="service-test-solo-italiano", locale__language_code="it"
    )
    spanish = ServicePage.objects.get(
        import_key="service-test-solo-italiano", locale__language_code="es"
    )
    assert spanish.alias_of_id == italian.pk
    assert spanish.title == italian.title and spanish.live


def test_reimporting_updates_pages_and_creates_no_duplicates(import_json):
    data = content_file(item("service", "service-test-riimporto"))
    import_json(data)
    pages_before = Page.objects.count()
    data["items"][0]["translations"]["ar"]["title"] = "عنوان جديد"
    data["items"][0]["translations"]["it"]["summary"] = "Riassunto aggiornato."
    import_json(data)
    assert Page.objects.count() == pages_before
    assert (
        ServicePage.objects.get(
            import_key="service-test-riimporto", locale__language_code="ar"
        ).title
        == "عنوان جديد"
    )
    assert ServicePage.objects.get(
        import_key="service-test-riimporto", locale__language_code="it"
    ).summary == ("Riassunto aggiornato.")


def test_a_new_translation_replaces_the_alias(import_json):
    data = content_file(item("service", "service-test-nuova-lingua"))
    import_json(data)
    data["items"][0]["translations"]["es"] = {
        "title": "Título en español",
        "summary": "Resumen.",
        "body": "Primer párrafo.\n\nSegundo párrafo.",
    }
    import_json(data)
    spanish = ServicePage.objects.get(
        import_key="service-test-nuova-lingua", locale__language_code="es"
    )
    assert spanish.alias_of_id is None and spanish.title == "Título en español" and spanish.live


def broken(mutate):
    data = content_file(item("service", "service-test-rotto"), item("course", "course-test-rotto"))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            broken(lambda d: d["items"][0].update(type="podcast")),
            "item 1 (service-test-rotto): type: unknown type 'podcast'",
        ),
        (
            broken(lambda d: d["items"][0]["translations"].update(xx={"title": "x"})),
            "translations.xx: unknown locale 'xx'",
        ),
        (
            broken(lambda d: d["items"][0].update(topics=["astrology"])),
            "item 1 (service-test-rotto): topics: unknown value 'astrology'",
        ),
        (
            broken(lambda d: d["items"][1].update(municipality="Atlantide")),
            "item 2 (course-test-rotto): municipality: unknown municipality 'Atlantide'",
        ),
        (
            broken(lambda d: d["items"][0]["translations"].pop("it")),
            "item 1 (service-test-rotto): translations.it: the Italian text is missing",
        ),
        (
            broken(lambda d: d["items"][1].update(key="service-test-rotto")),
            "item 2 (service-test-rotto): key: duplicate key, already used by item 1",
        ),
        (
            broken(lambda d: d["items"][1]["course"].update(starts="2027-02-31")),
            "item 2 (course-test-rotto): course.starts: not a valid date: '2027-02-31'",
        ),
        (
            broken(lambda d: d["items"][1]["course"].update(schedule="lunedì mattina")),
            "course.schedule: cannot read 'lunedì mattina'",
        ),
        (
            broken(lambda d: d["items"][0]["translations"]["ar"].update(body="uno")),
            "translations.ar.body: has 1 paragraphs, the Italian 2",
        ),
    ],
    ids=[
        "type",
        "locale",
        "topic",
        "municipality",
        "italian",
        "duplicate",
        "date",
        "schedule",
        "paragraphs",
    ],
)
def test_bad_input_names_item_and_field_and_changes_nothing(tmp_path, data, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    pages_before = Page.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(path))
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert Page.objects.count() == pages_before


def test_invalid_json_is_reported_with_its_position(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"items": [}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"invalid JSON at line 1, column 12"):
        call_command("import_content", str(path))


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_content", str(tmp_path / "nope.json"))


def test_a_late_failure_rolls_back_everything(tmp_path, monkeypatch):
    """One transaction: if writing fails half-way, the pages written before are gone too."""
    from core import importer

    data = content_file(item("service", "service-test-meta"), item("service", "service-test-boom"))
    path = tmp_path / "content.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    real = importer.Importer.save_source

    def explode_on_second(self, item, sections):
        if item.key == "service-test-boom":
            raise RuntimeError("disk full")
        return real(self, item, sections)

    monkeypatch.setattr(importer.Importer, "save_source", explode_on_second)
    with pytest.raises(RuntimeError):
        call_command("import_content", str(path))
    assert not ServicePage.objects.filter(import_key="service-test-meta").exists()


def run_and_report(path):
    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    return out.getvalue()


def test_the_report_says_what_was_created_updated_or_left_unchanged(tmp_path):
    data = content_file(item("service", "service-test-report"))
    path = tmp_path / "content.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    first = run_and_report(path)
    assert "created: 1 service(s)" in first and "translations written: 1" in first
    assert "unchanged: 1 service(s)" in run_and_report(path)
    data["items"][0]["topics"] = ["health", "family"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "updated: 1 service(s)" in run_and_report(path)


def test_reimporting_an_unchanged_file_writes_no_new_revisions(import_json):
    data = content_file(item("service", "service-test-nessuna-revisione"))
    import_json(data)
    pages = ServicePage.objects.filter(import_key="service-test-nessuna-revisione")
    revisions = {p.pk: p.latest_revision_id for p in pages}
    import_json(data)
    assert {p.pk: p.latest_revision_id for p in pages.all()} == revisions
