"""Translation files for agencies (translations/files.py): PO and XLIFF 2.0 export of one
language, import back as drafts, the report, and the admin page and commands around them."""

import io
import xml.etree.ElementTree as ET

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Locale, Page, Revision
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from translations import files
from translations.wagtail_hooks_files import menu_item

pytestmark = pytest.mark.django_db

VACCINES = "service-demo-vaccinazioni-bambini"
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # no pa, sq in the demo content
TONGXIN = "association-demo-tongxin-famiglie-cinesi"  # no pa, sq
JAPPOO = "association-demo-jappoo-senegalesi"  # no es
XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
NEW_PARAGRAPH = (
    '<p>Porta il <b>libretto</b> &amp; la tessera: <a href="https://www.asst-cremona.it/">'
    "sito ASST</a>.</p>"
)
NEW_SEGMENT = 'Porta il <b>libretto</b> &amp; la tessera: <a id="a1">sito ASST</a>.'


def italian(key):
    return files.source_pages_by_key([key])[key]


def version(key, language):
    return Page.objects.get(
        translation_key=italian(key).translation_key, locale__language_code=language
    ).specific


def state():
    """Everything an import could change."""
    return {
        "strings": sorted(
            StringTranslation.objects.values_list(
                "pk", "data", "translation_type", "tool_name", "updated_at"
            )
        ),
        "revisions": Revision.objects.count(),
        "sources": sorted(
            TranslationSource.objects.values_list("pk", "last_updated_at", "content_json")
        ),
        "pages": sorted(
            Page.objects.values_list(
                "pk",
                "title",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "alias_of_id",
                "latest_revision_id",
                "live_revision_id",
            )
        ),
    }


def po_of(content):
    return polib.pofile(content)


def entry(po, key, path, nth=0):
    return [e for e in po if e.msgctxt == f"{key}|{path}"][nth]


def body_path(page):
    return f"body.{page.body[0].id}"


def add_italian_paragraph(key, html=NEW_PARAGRAPH):
    """Change and republish the Italian page: every translation becomes outdated."""
    page = italian(key)
    blocks = [dict(block) for block in page.body.raw_data]
    blocks[0]["value"] += html
    page.body = blocks
    page.save_revision().publish()
    return page


def translate_all(content, prefix):
    """Every target of an XLIFF file replaced by prefix + source."""
    ET.register_namespace("", XLIFF[1:-1])
    root = ET.fromstring(content)
    for segment in root.iter(f"{XLIFF}segment"):
        target = segment.find(f"{XLIFF}target")
        if target is None:
            target = ET.SubElement(segment, f"{XLIFF}target")
        target.text = prefix + segment.find(f"{XLIFF}source").text
    return ET.tostring(root, encoding="unicode")


# --- export -----------------------------------------------------------------------------------


def test_po_export_has_every_text_with_its_current_translation():
    page, arabic = italian(VACCINES), version(VACCINES, "ar")
    po = po_of(files.export_po("ar", [page]))
    assert po.metadata["Language"] == "ar"
    assert po.metadata["X-Source-Language"] == "it"
    title = entry(po, VACCINES, "title")
    assert title.msgid == page.title
    assert title.msgstr == arabic.title
    # Texts the demo left in Italian have no translation yet.
    assert entry(po, VACCINES, "location_name").msgstr == ""
    # The body's paragraphs share one context path: msgid tells them apart.
    body = [e for e in po if e.msgctxt == f"{VACCINES}|{body_path(page)}"]
    assert len(body) == 4 and len({e.msgid for e in body}) == 4
    assert all(e.msgstr for e in body)


def test_xliff_export_has_one_file_per_page_and_one_unit_per_text():
    pages = [italian(VACCINES), italian(JAPPOO)]
    root = ET.fromstring(files.export_xliff("ar", pages))
    assert root.tag == f"{XLIFF}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "it", "ar")
    file = root.findall(f"{XLIFF}file")
    assert [f.get("id") for f in file] == [VACCINES, JAPPOO]
    assert file[0].get("original") == pages[0].get_url()
    ids = [unit.get("id") for unit in file[0].iter(f"{XLIFF}unit")]
    assert len(ids) == len(set(ids))
    body = body_path(pages[0])
    assert [i for i in ids if i.startswith("body.")] == [
        body,
        f"{body}:2",
        f"{body}:3",
        f"{body}:4",
    ]
    title = file[0].find(f"{XLIFF}unit[@id='title']/{XLIFF}segment")
    assert title.find(f"{XLIFF}source").text == pages[0].title
    assert title.find(f"{XLIFF}target").text == version(VACCINES, "ar").title
    untranslated = file[0].find(f"{XLIFF}unit[@id='location_name']/{XLIFF}segment")
    assert untranslated.get("state") == "initial"
    assert untranslated.find(f"{XLIFF}target") is None


def test_inline_markup_and_entities_are_escaped_and_read_back_exactly():
    page = add_italian_paragraph(VACCINES)
    content = files.export_xliff("ar", [page])
    assert '&lt;b&gt;libretto&lt;/b&gt; &amp;amp; la tessera: &lt;a id="a1"&gt;' in content
    units = files.parse_xliff(content).units
    assert NEW_SEGMENT in [unit.source for unit in units]
    po = po_of(files.export_po("ar", [page]))
    assert NEW_SEGMENT in [e.msgid for e in po]


def test_carriage_returns_survive_xliff():
    page = italian(VACCINES)
    page.summary = "Prima riga\r\nseconda riga"
    page.save_revision().publish()
    content = files.export_xliff("ar", [page])
    (summary,) = [u for u in files.parse_xliff(content).units if u.path == "summary"]
    assert "\r" in summary.source
    assert summary.source == dict(files.string_segments(page))["summary"]


def test_default_export_is_the_outdated_and_missing_pages_and_creates_their_translations():
    add_italian_paragraph(VACCINES)
    sources_before = dict(TranslationSource.objects.values_list("pk", "last_updated_at"))
    pa = Locale.objects.get(language_code="pa")
    assert not Translation.objects.filter(
        source__object_id=italian(TONGXIN).translation_key, target_locale=pa
    ).exists()

    keys = {files.page_key(page) for page in files.pages_needing_translation("pa")}
    assert keys == {VACCINES, CHINESE_NEW_YEAR, TONGXIN}
    po = po_of(files.export_po("pa", None))
    assert {e.msgctxt.split("|")[0] for e in po} == keys

    # Missing pages now have their wagtail-localize translation, as "submit for translation"
    # makes it; nothing is published and the language still shows the Italian alias.
    for key in (CHINESE_NEW_YEAR, TONGXIN):
        translation = Translation.objects.get(
            source__object_id=italian(key).translation_key, target_locale=pa
        )
        assert translation.enabled
        assert version(key, "pa").alias_of_id is not None
    # The outdated page has its new text to translate, the others keep their translations.
    new = [e for e in po if e.msgid == NEW_SEGMENT]
    assert len(new) == 1 and new[0].msgstr == ""
    assert entry(po, VACCINES, "title").msgstr == version(VACCINES, "pa").title
    # Existing sources are not touched by an export.
    for pk, updated in sources_before.items():
        assert TranslationSource.objects.get(pk=pk).last_updated_at == updated


# --- import: round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["po", "xliff"])
def test_importing_an_exported_file_changes_nothing(file_format):
    pages = files.all_source_pages()
    name, _, content = files.export_file("ar", file_format, pages)
    before = state()

    report = files.import_file("ar", name, content.encode("utf-8"))

    assert report.file_error == ""
    assert report.applied == [] and report.rejected == [] and report.drafts == []
    translated = StringTranslation.objects.filter(locale__language_code="ar").count()
    assert len(report.unchanged) > 50
    assert len(report.unchanged) <= translated
    assert all(o.reason == "empty target: not translated" for o in report.skipped)
    assert state() == before


# --- import: translated files -----------------------------------------------------------------


def test_translated_po_applies_as_a_draft_and_the_public_page_is_unchanged(
    client, django_user_model
):
    user = django_user_model.objects.create_user("agency", password="x")
    page, arabic = italian(VACCINES), version(VACCINES, "ar")
    live_title, live_revision = arabic.title, arabic.live_revision_id
    po = po_of(files.export_po("ar", [page]))
    entry(po, VACCINES, "title").msgstr = "تطعيمات الأطفال في كريمونا (جديد)"
    entry(po, VACCINES, "location_name").msgstr = "عيادة التطعيم للأطفال"
    revisions = Revision.objects.count()

    report = files.import_file("ar", "agenzia-ar.po", str(po), user)

    assert report.counts["applied"] == 2 and report.counts["rejected"] == 0
    assert [key for key, _ in report.drafts] == [VACCINES]
    arabic = version(VACCINES, "ar")
    assert Revision.objects.count() == revisions + 1
    draft = arabic.latest_revision.as_object()
    assert draft.title == "تطعيمات الأطفال في كريمونا (جديد)"
    assert draft.location_name == "عيادة التطعيم للأطفال"
    # Not published: the public page keeps its text until a reviewer publishes the draft.
    assert arabic.live and arabic.has_unpublished_changes
    assert arabic.live_revision_id == live_revision
    assert arabic.title == live_title
    assert arabic.draft_title == draft.title
    html = client.get(arabic.url).content.decode()
    assert live_title in html and "(جديد)" not in html
    written = StringTranslation.objects.get(
        context__object_id=page.translation_key, context__path="title", locale=arabic.locale
    )
    assert written.data == draft.title
    assert (written.translation_type, written.tool_name) == ("manual", "file import: agenzia-ar.po")
    assert written.last_translated_by == user


def test_a_new_italian_paragraph_with_markup_is_translated_from_the_file():
    page = add_italian_paragraph(VACCINES)
    content = files.export_xliff("ar", [page])
    content = content.replace(
        '&lt;a id="a1"&gt;sito ASST&lt;/a&gt;.</source>\n',
        '&lt;a id="a1"&gt;sito ASST&lt;/a&gt;.</source>\n'
        "        <target>أحضر &lt;b&gt;الدفتر&lt;/b&gt; &amp;amp; البطاقة: "
        '&lt;a id="a1"&gt;موقع ASST&lt;/a&gt;.</target>\n',
    )
    report = files.import_file("ar", "ar.xlf", content)
    assert report.counts == {"applied": 1, "unchanged": 6, "skipped": 1, "rejected": 0}
    arabic = version(VACCINES, "ar")
    html = str(arabic.latest_revision.as_object().body[0].value)
    assert "<b>الدفتر</b>" in html
    assert 'href="https://www.asst-cremona.it/"' in html
    assert "Porta il" not in html
    assert "Porta il" not in str(arabic.body[0].value)  # the live page has not changed

    # Arabic waits for review; the other languages are still outdated (the new paragraph is
    # now in wagtail-localize's source, but only Arabic was rebuilt from it).
    from translations.status import statuses

    assert {s.locale.language_code: s.status for s in statuses([italian(VACCINES)])} == {
        "en": "outdated",
        "fr": "outdated",
        "es": "outdated",
        "ar": "in_progress",
        "ur": "outdated",
        "zh-hans": "outdated",
        "uk": "outdated",
        "sq": "outdated",
        "pa": "outdated",
    }
    assert NEW_SEGMENT in [
        s.string.data
        for s in TranslationSource.objects.get_for_instance(page).stringsegment_set.all()
    ]


def test_a_locked_translation_is_not_changed(django_user_model):
    other = django_user_model.objects.create_user("editor", password="x")
    arabic = version(VACCINES, "ar")
    arabic.locked, arabic.locked_by = True, other
    arabic.save()
    po = po_of(files.export_po("ar", [italian(VACCINES)]))
    entry(po, VACCINES, "title").msgstr = "عنوان"
    before = state()
    report = files.import_file("ar", "ar.po", str(po))
    assert [o.reason for o in report.rejected] == [
        "the translated page is locked: unlock it and import again"
    ]
    assert state() == before


def test_a_missing_page_gets_a_draft_translation_and_keeps_showing_italian():
    page, alias = italian(TONGXIN), version(TONGXIN, "pa")
    assert alias.alias_of_id and alias.live
    content = translate_all(files.export_xliff("pa", [page]), "ਪੰਜਾਬੀ: ")

    report = files.import_file("pa", "pa.xliff", content)

    assert report.counts["rejected"] == 0 and report.counts["applied"] > 3
    punjabi = version(TONGXIN, "pa")
    assert punjabi.alias_of_id is None
    draft = punjabi.latest_revision.as_object()
    assert draft.title == f"ਪੰਜਾਬੀ: {page.title}"
    # Still what residents saw before: the Italian text, no Punjabi published.
    assert punjabi.live and punjabi.has_unpublished_changes
    assert punjabi.title == page.title
    assert "ਪੰਜਾਬੀ" not in str(punjabi.body[0].value)

    from translations.status import statuses

    (status,) = statuses([page], ["pa"])
    assert status.status == "in_progress"


# --- import: what is rejected ------------------------------------------------------------------


def test_a_file_in_another_language_is_rejected_whole():
    page = italian(VACCINES)
    content = files.export_po("ar", [page])
    before = state()
    report = files.import_file("uk", "ar.po", content)
    assert "wrong language" in report.file_error
    assert report.applied == [] and report.unchanged == []
    assert report.rejected and all("wrong language" in o.reason for o in report.rejected)
    assert state() == before

    xliff = translate_all(files.export_xliff("ar", [page]), "X ")
    report = files.import_file("uk", "ar.xlf", xliff)
    assert "'ar', not 'uk'" in report.file_error
    assert state() == before


def test_unknown_pages_and_segments_are_rejected_with_reasons_while_the_rest_applies():
    page = italian(VACCINES)
    po = po_of(files.export_po("ar", [page]))
    entry(po, VACCINES, "title").msgstr = "عنوان جديد"
    entry(po, VACCINES, "summary").msgctxt = "service-demo-non-esiste|summary"
    entry(po, VACCINES, body_path(page), 0).msgctxt = f"{VACCINES}|body.not-a-block"
    changed = entry(po, VACCINES, body_path(page), 0)  # now the second paragraph
    changed.msgid = "Un testo che la pagina non ha."
    changed.msgstr = "نص"

    report = files.import_file("ar", "ar.po", str(po))

    assert report.counts["applied"] == 1
    reasons = {f"{o.key}|{o.path}": o.reason for o in report.rejected}
    assert reasons == {
        "service-demo-non-esiste|summary": "unknown page key 'service-demo-non-esiste'",
        f"{VACCINES}|body.not-a-block": "unknown segment 'body.not-a-block' on this page",
        f"{VACCINES}|{body_path(page)}": "source text changed since export: export again",
    }
    assert version(VACCINES, "ar").latest_revision.as_object().title == "عنوان جديد"


def test_a_text_changed_in_italian_after_the_export_is_rejected():
    page = italian(VACCINES)
    po = po_of(files.export_po("ar", [page]))
    first = entry(po, VACCINES, body_path(page), 0)
    first.msgstr = "ترجمة جديدة"
    blocks = [dict(block) for block in page.body.raw_data]
    blocks[0]["value"] = blocks[0]["value"].replace("In Italia", "In tutta Italia", 1)
    page.body = blocks
    page.save_revision().publish()

    report = files.import_file("ar", "ar.po", str(po))

    assert report.counts["applied"] == 0
    assert [o.reason for o in report.rejected] == ["source text changed since export: export again"]


def test_invalid_markup_in_a_target_is_rejected():
    page = add_italian_paragraph(VACCINES)
    po = po_of(files.export_po("ar", [page]))
    new = [e for e in po if e.msgid == NEW_SEGMENT][0]
    new.msgstr = 'أحضر <a id="a9">الدفتر</a>'
    entry(po, VACCINES, "title").msgstr = "<div>عنوان</div>"
    report = files.import_file("ar", "ar.po", str(po))
    assert report.counts["applied"] == 0
    assert len(report.rejected) == 2
    assert all(o.reason.startswith("invalid markup in target") for o in report.rejected)


def test_xliff_inline_elements_are_rejected():
    content = files.export_xliff("ar", [italian(VACCINES)])
    content = content.replace(
        "<source>ASST Cremona – Ambulatorio vaccinale per bambini e ragazzi</source>",
        "<source>ASST Cremona – Ambulatorio vaccinale per bambini e ragazzi</source>"
        '<target>عيادة <pc id="1">ASST</pc></target>',
    )
    report = files.import_file("ar", "ar.xlf", content)
    assert [o.path for o in report.rejected] == ["location_name"]
    assert "inline XML elements" in report.rejected[0].reason


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "ar.xlf",
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"><file id="x">',
            "not well-formed XML",
        ),
        ("ar.xlf", '<?xml version="1.0"?><html><body/></html>', "not an XLIFF 2.0 file"),
        (
            "ar.xlf",
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>',
            "only XLIFF 2.0",
        ),
        ("ar.po", 'msgid "a"\nmsgstr "b\nmsgctxt\n', "not a valid PO file"),
        ("ar.po", "/etc/passwd", "not a valid PO file"),
        ("ar.po", 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n', "no texts to import"),
        ("ar.po", 'msgctxt "a|title"\nmsgid "a"\nmsgstr "b"\n', "no 'Language' header"),
        ("ar.po", b"msgid \xff\xfe\n", "not UTF-8"),
        ("ar.xlf", "", "empty"),
    ],
)
def test_malformed_files_are_rejected_with_a_message_and_change_nothing(name, content, message):
    before = state()
    with pytest.raises(files.TranslationFileError, match=message):
        files.import_file("ar", name, content)
    assert state() == before


def test_doctype_and_entities_are_refused():
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY lol "lol">\n'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it" '
        'trgLang="ar"><file id="x"><unit id="title"><segment><source>&lol2;</source>'
        "</segment></unit></file></xliff>"
    )
    external = laughs.replace('<!ENTITY lol "lol">', '<!ENTITY lol SYSTEM "file:///etc/passwd">')
    before = state()
    for content in (laughs, external, laughs.replace("DOCTYPE", "doctype")):
        with pytest.raises(files.TranslationFileError, match="DOCTYPE or ENTITY"):
            files.import_file("ar", "ar.xlf", content)
    assert state() == before


def test_empty_targets_and_fuzzy_entries_never_erase_or_change_translations():
    page = italian(VACCINES)
    po = po_of(files.export_po("ar", [page]))
    for e in po:
        e.msgstr = ""
    before = state()
    report = files.import_file("ar", "ar.po", str(po))
    assert report.counts["applied"] == 0 and report.counts["rejected"] == 0
    assert {o.reason for o in report.skipped} == {
        "empty target: the existing translation is kept",
        "empty target: not translated",
    }
    assert state() == before

    po = po_of(files.export_po("ar", [page]))
    title = entry(po, VACCINES, "title")
    title.msgstr = "عنوان غير مؤكد"
    title.flags.append("fuzzy")
    report = files.import_file("ar", "ar.po", str(po))
    assert [o.path for o in report.skipped if "fuzzy" in o.reason] == ["title"]
    assert state() == before

    xliff = files.export_xliff("ar", [page]).replace(
        f"<target>{version(VACCINES, 'ar').title}</target>", "<target />"
    )
    report = files.import_file("ar", "ar.xlf", xliff)
    assert report.counts["applied"] == 0
    assert "title" in [o.path for o in report.skipped]
    assert state() == before


# --- admin page -------------------------------------------------------------------------------


@pytest.fixture
def make_user(django_user_model):
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    def make(name, *groups):
        user = django_user_model.objects.create_user(name, password="secret")
        user.user_permissions.add(access_admin)
        # The admin speaks Italian by default; these tests read its messages in English.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        for group in groups:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        return user

    return make


@pytest.fixture
def arabic_translator(client, make_user):
    client.force_login(make_user("amina", "Translators (ar)"))
    return client


def test_a_translator_sees_and_downloads_only_their_language(arabic_translator):
    add_italian_paragraph(VACCINES)
    page = arabic_translator.get(reverse("translation_files"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-language="ar"' in html and 'data-language="uk"' not in html

    url = reverse("translation_files_download", args=["ar"])
    response = arabic_translator.post(url, {"format": "po"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="terre-di-inclusione-ar-'
    )
    assert response["Content-Disposition"].endswith('.po"')
    po = po_of(response.content.decode())
    assert {e.msgctxt.split("|")[0] for e in po} == {VACCINES}

    response = arabic_translator.post(url, {"format": "xliff"})
    assert response.status_code == 200
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')

    uk = reverse("translation_files_download", args=["uk"])
    assert arabic_translator.post(uk, {"format": "po"}).status_code == 403
    assert arabic_translator.get(url).status_code == 405  # a download may create records: POST


def test_with_nothing_to_translate_the_download_says_so(arabic_translator):
    url = reverse("translation_files_download", args=["ar"])
    response = arabic_translator.post(url, {"format": "po"}, follow=True)
    assert "nothing to translate" in response.content.decode()


def test_reviewers_and_superusers_may_use_the_page_others_may_not(client, make_user):
    reviewer = make_user("rev", "Translation reviewers (uk)")
    client.force_login(reviewer)
    assert client.get(reverse("translation_files")).status_code == 200
    assert (
        client.post(
            reverse("translation_files_download", args=["ar"]), {"format": "po"}
        ).status_code
        == 403
    )
    client.force_login(make_user("editor"))
    assert client.get(reverse("translation_files")).status_code == 403
    assert (
        client.post(
            reverse("translation_files_download", args=["uk"]), {"format": "po"}
        ).status_code
        == 403
    )
    admin = make_user("boss")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get(reverse("translation_files")).content.decode()
    assert 'data-language="uk"' in html and 'data-language="pa"' in html
    assert 'data-language="pa"' in html and 'data-count="missing">2<' in html


def test_the_menu_item_shows_only_to_those_who_may_use_it(make_user):
    item = menu_item()
    request = RequestFactory().get("/admin/")
    request.user = make_user("t", "Translators (sq)")
    assert item.is_shown(request)
    request.user = make_user("e")
    assert not item.is_shown(request)
    assert str(item.url) == reverse("translation_files")


def test_uploading_a_translated_file_shows_the_report(arabic_translator):
    po = po_of(files.export_po("ar", [italian(VACCINES)]))
    entry(po, VACCINES, "title").msgstr = "عنوان من الوكالة"
    entry(po, VACCINES, "summary").msgctxt = "service-demo-non-esiste|summary"
    upload = SimpleUploadedFile("agenzia.po", str(po).encode(), "text/x-gettext-translation")

    response = arabic_translator.post(
        reverse("translation_files"), {"language": "ar", "file": upload}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Import report: agenzia.po" in html
    assert 'data-count="applied">1<' in html and 'data-count="rejected">1<' in html
    assert "unknown page key" in html
    assert reverse("wagtailadmin_pages:edit", args=[version(VACCINES, "ar").pk]) in html
    title = version(VACCINES, "ar").latest_revision.as_object().title
    assert title == "عنوان من الوكالة"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.txt", b'msgid "a"\nmsgstr "b"\n', "Only .po, .xlf and .xliff files"),
        ("big.po", b"#" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
        ("broken.xlf", b"<xliff><file>", "not well-formed XML"),
        ("laughs.xlf", b'<!DOCTYPE x [<!ENTITY a "a">]><x/>', "DOCTYPE or ENTITY"),
    ],
)
def test_bad_uploads_give_a_message_and_keep_the_form(arabic_translator, name, content, message):
    before = state()
    response = arabic_translator.post(
        reverse("translation_files"),
        {"language": "ar", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<option value="ar" selected>' in html
    assert "Import report" not in html
    assert state() == before


def test_uploading_for_another_language_is_forbidden(arabic_translator):
    content = files.export_po("uk", [italian(VACCINES)]).encode()
    response = arabic_translator.post(
        reverse("translation_files"),
        {"language": "uk", "file": SimpleUploadedFile("uk.po", content)},
    )
    assert response.status_code == 403


def test_uploading_a_file_of_the_wrong_language_shows_it_was_rejected(arabic_translator):
    content = files.export_po("uk", [italian(VACCINES)]).encode()
    response = arabic_translator.post(
        reverse("translation_files"),
        {"language": "ar", "file": SimpleUploadedFile("uk.po", content)},
    )
    html = response.content.decode()
    assert "The whole file was rejected" in html and "wrong language" in html


# --- commands ---------------------------------------------------------------------------------


def test_the_commands_export_and_import(tmp_path):
    path = tmp_path / "ar.xlf"
    out = io.StringIO()
    call_command(
        "export_translations", "--language", "ar", "--format", "xliff", "--output", str(path),
        "--all", stdout=out,
    )  # fmt: skip
    assert "to " + str(path) in out.getvalue()
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    before = state()
    out = io.StringIO()
    call_command("import_translations", str(path), "--language", "ar", stdout=out)
    assert "0 applied" in out.getvalue() and "0 rejected" in out.getvalue()
    assert state() == before

    with pytest.raises(CommandError, match="wrong language"):
        call_command("import_translations", str(path), "--language", "uk", stdout=io.StringIO())
    bad = tmp_path / "bad.po"
    bad.write_text("nonsense\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_translations", str(bad), "--language", "ar", stdout=io.StringIO())


def test_the_export_command_by_default_writes_the_missing_pages(tmp_path):
    path = tmp_path / "es.po"
    call_command(
        "export_translations", "--language", "es", "--output", str(path), stdout=io.StringIO()
    )
    po = po_of(path.read_text(encoding="utf-8"))
    assert {e.msgctxt.split("|")[0] for e in po} == {JAPPOO}
    out = io.StringIO()
    call_command(
        "export_translations", "--language", "ar", "--output", str(tmp_path / "x"), stdout=out
    )
    assert "nothing to export" in out.getvalue()
