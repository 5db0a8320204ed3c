"""Translation files for agencies: the pages of one language as PO or XLIFF 2.0, and back.

One file holds many pages. Each entry (PO) or unit (XLIFF) is one text of one Italian page,
identified by the page's key (its import key, or `page-<translation_key>` for pages made in the
admin) and the segment's context path in wagtail-localize (`title`, `summary`, `body.<uuid>`…),
with the Italian text as source and the current translation, if any, as target.

Exporting reads the texts of the Italian page as it is now, and creates the wagtail-localize
TranslationSource and Translation where the language has none yet (as "Translate this page"
would, publishing nothing). Importing writes StringTranslations (manual, tool "file import:
NAME") and saves each changed page as a draft for review: it never publishes, never changes
what the public sees, and never erases a translation (empty targets are skipped).
"""

import re
import uuid
import xml.etree.ElementTree as ET
from collections import OrderedDict
from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, get_page_models
from wagtail_localize.models import (
    String,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import (
    Translation as LocalizeTranslation,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue, validate_translation_links

from .localize_drafts import save_draft

try:  # a dependency of Willow, so normally there; the DOCTYPE/ENTITY check below applies anyway
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring as _defused_fromstring

    def xml_fromstring(text):
        return _defused_fromstring(text, forbid_dtd=True)

except ImportError:  # pragma: no cover
    DefusedXmlException = ()
    xml_fromstring = ET.fromstring

SOURCE_LANGUAGE = settings.LANGUAGE_CODE
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_FILE_SIZE = 5 * 1024 * 1024
FORMATS = {"po": ".po", "xliff": ".xlf"}
EXTENSIONS = {".po": "po", ".xlf": "xliff", ".xliff": "xliff"}
CONTENT_TYPES = {
    "po": "text/x-gettext-translation; charset=utf-8",
    "xliff": "application/xliff+xml",
}
KEY_SEPARATOR = "|"  # msgctxt = "<page key>|<context path>"
FORBIDDEN_XML = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
REPEAT_SUFFIX = re.compile(r":\d+$")  # XLIFF unit ids: "<path>", then "<path>:2"… for repeats

# What the default export holds (the status names of translations.status).
NEEDING_TRANSLATION = ("outdated", "missing")


class TranslationFileError(ValueError):
    """The file cannot be read as a translation file: nothing was imported."""


# --- which pages ------------------------------------------------------------------------------


def pages_needing_translation(language):
    """The Italian pages whose `language` version is outdated or missing."""
    from . import status

    if hasattr(status, "page_statuses"):
        items = status.page_statuses(language)
    else:
        items = status.statuses(language_codes=[language])
    return [item.source_page for item in items if item.status in NEEDING_TRANSLATION]


def all_source_pages():
    from .status import source_pages

    return list(source_pages())


def page_key(page):
    from search.documents import page_key as key

    return key(page)


def target_locale(language):
    """The Locale of a language pages are translated into (not Italian)."""
    codes = [code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE]
    if language not in codes:
        raise ValueError(f"{language!r} is not a language pages are translated into")
    return Locale.objects.get(language_code=language)


def italian_page(page):
    """The Italian original of any version of a page (specific), or None."""
    return (
        Page.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=SOURCE_LANGUAGE,
            alias_of__isnull=True,
        )
        .specific()
        .first()
    )


def source_pages_by_key(keys):
    """{key: Italian page} for the keys that name one."""
    keys = set(keys)
    found = {}
    for model in get_page_models():
        try:
            model._meta.get_field("import_key")
        except FieldDoesNotExist:  # a page type without keys
            continue
        for page in model.objects.filter(
            import_key__in=keys, locale__language_code=SOURCE_LANGUAGE, alias_of__isnull=True
        ):
            found.setdefault(page.import_key, page.specific)
    for key in keys - set(found):
        if not key.startswith("page-"):
            continue
        try:
            translation_key = uuid.UUID(key.removeprefix("page-"))
        except ValueError:
            continue
        page = (
            Page.objects.filter(
                translation_key=translation_key,
                locale__language_code=SOURCE_LANGUAGE,
                alias_of__isnull=True,
            )
            .specific()
            .first()
        )
        if page is not None and page_key(page) == key:
            found[key] = page
    return found


def page_url(page):
    try:
        url = page.get_url()
    except Exception:  # noqa: BLE001 (a page outside any site)
        url = None
    return url or page.url_path


def string_segments(page):
    """[(context path, Italian text)] of a page as it is now, without repeats."""
    seen, result = set(), []
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            item = (segment.path, segment.string.data)
            if item not in seen:
                seen.add(item)
                result.append(item)
    return result


def existing_translations(page, locale):
    """{(context path, Italian text): translated text} already in wagtail-localize."""
    return {
        (st.context.path, st.translation_of.data): st.data
        for st in StringTranslation.objects.filter(
            context__object_id=page.translation_key, locale=locale
        ).select_related("context", "translation_of")
    }


# --- export -----------------------------------------------------------------------------------


@dataclass
class Unit:
    """One text of one page, as written to or read from a file."""

    key: str
    path: str
    source: str
    target: str = ""
    skip: str = ""  # read from the file: a reason not to apply it (fuzzy, incomplete)
    problem: str = ""  # read from the file: a reason to reject it (bad markup)

    @property
    def context(self):
        return f"{self.key}{KEY_SEPARATOR}{self.path}"


@dataclass
class ExportedPage:
    key: str
    page: Page
    url: str
    units: list


def ensure_translation(page, locale):
    """The Translation of `page` into `locale`, created with its source if missing (as "submit
    for translation" does, without saving or publishing any page). An existing source is left
    as it is: importing refreshes it when a translation is applied."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = LocalizeTranslation.objects.get_or_create(source=source, target_locale=locale)
    return translation


@transaction.atomic
def collect(language, pages=None):
    """The pages to export (default: outdated or missing in `language`) with their units."""
    locale = target_locale(language)
    if pages is None:
        pages = pages_needing_translation(language)
    exported, seen = [], set()
    for page in pages:
        original = italian_page(page)
        if original is None or original.pk in seen:
            continue
        seen.add(original.pk)
        segments = string_segments(original)
        if not segments:
            continue
        ensure_translation(original, locale)
        translated = existing_translations(original, locale)
        key = page_key(original)
        units = [Unit(key, path, text, translated.get((path, text), "")) for path, text in segments]
        exported.append(ExportedPage(key, original, page_url(original), units))
    return exported


def export_po(language, pages=None):
    """A PO file (str) of the pages' texts in `language`."""
    exported = collect(language, pages)
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po = polib.POFile(wrapwidth=0)
    po.header = (
        f"Terre di Inclusione: pages to translate from Italian ({SOURCE_LANGUAGE}) into "
        f"{language}.\nTranslate msgstr only. Do not change msgctxt or msgid. Keep tags such "
        'as <a id="a1">…</a> and <b>…</b>, and entities such as &amp;, as they are.'
    )
    po.metadata = {
        "Project-Id-Version": "Terre di Inclusione",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    for item in exported:
        for unit in item.units:
            po.append(
                polib.POEntry(
                    msgctxt=unit.context,
                    msgid=unit.source,
                    msgstr=unit.target,
                    comment=f"{item.page.title} ({item.url})",
                )
            )
    return str(po)


def export_xliff(language, pages=None):
    """An XLIFF 2.0 file (str): one <file> per page, one <unit> per text."""
    exported = collect(language, pages)
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(
        _x("xliff"), {"version": "2.0", "srcLang": SOURCE_LANGUAGE, "trgLang": language}
    )
    for item in exported:
        file = ET.SubElement(root, _x("file"), {"id": item.key, "original": item.url})
        file.set(XML_SPACE, "preserve")
        notes = ET.SubElement(file, _x("notes"))
        ET.SubElement(notes, _x("note"), {"category": "title"}).text = item.page.title
        repeats = {}
        for unit in item.units:
            repeats[unit.path] = repeats.get(unit.path, 0) + 1
            unit_id = unit.path if repeats[unit.path] == 1 else f"{unit.path}:{repeats[unit.path]}"
            element = ET.SubElement(file, _x("unit"), {"id": unit_id})
            segment = ET.SubElement(
                element, _x("segment"), {"state": "translated" if unit.target else "initial"}
            )
            ET.SubElement(segment, _x("source")).text = unit.source
            if unit.target:
                ET.SubElement(segment, _x("target")).text = unit.target
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    # A carriage return in text would be read back as a newline: write it as a reference.
    body = body.replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def export_file(language, file_format, pages=None):
    """(file name, content type, content) for downloads and the command."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r} (po or xliff)")
    content = (export_po if file_format == "po" else export_xliff)(language, pages)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"terre-di-inclusione-{language}-{stamp}{FORMATS[file_format]}"
    return name, CONTENT_TYPES[file_format], content


def _x(tag):
    return f"{{{XLIFF_NS}}}{tag}"


# --- reading files ----------------------------------------------------------------------------


@dataclass
class ParsedFile:
    format: str
    language: str
    source_language: str
    units: list


def decode(content):
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TranslationFileError(
            f"the file is not UTF-8 text (byte {error.start}): save it as UTF-8"
        ) from None


def file_format(name, text):
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    start = text.lstrip()[:200]
    if start.startswith("<"):
        return "xliff"
    if "msgid" in text[:5000]:
        return "po"
    raise TranslationFileError("not a translation file: expected a .po, .xlf or .xliff file")


def parse(name, content):
    text = decode(content)
    if not text.strip():
        raise TranslationFileError("the file is empty")
    fmt = file_format(name, text)
    parsed = parse_po(text) if fmt == "po" else parse_xliff(text)
    if not parsed.units:
        raise TranslationFileError("the file has no texts to import")
    return parsed


def parse_po(text):
    # polib takes a string naming an existing file for a path: content always has lines.
    if "\n" not in text.strip():
        raise TranslationFileError("not a valid PO file: expected msgctxt/msgid/msgstr entries")
    try:
        po = polib.pofile(text)
    except (OSError, ValueError, UnicodeError) as error:
        raise TranslationFileError(f"not a valid PO file: {error}") from None
    language = po.metadata.get("Language", "").strip()
    if not language:
        raise TranslationFileError(
            "the PO file does not say its language (no 'Language' header): export it again"
        )
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        key, _, path = (entry.msgctxt or "").partition(KEY_SEPARATOR)
        unit = Unit(key, path, entry.msgid, entry.msgstr)
        if not entry.msgctxt or not path:
            unit.problem = "unknown segment: msgctxt must be '<page key>|<segment>'"
        elif entry.msgid_plural:
            unit.problem = "plural forms are not used in page texts"
        elif "fuzzy" in entry.flags:
            unit.skip = "marked fuzzy (needs review): not applied"
        units.append(unit)
    return ParsedFile("po", language, po.metadata.get("X-Source-Language", "").strip(), units)


def parse_xliff(text):
    if FORBIDDEN_XML.search(text):
        raise TranslationFileError(
            "the file contains a DOCTYPE or ENTITY declaration, which translation files may "
            "not have (they can read server files or expand without end)"
        )
    try:
        root = xml_fromstring(text)
    except ET.ParseError as error:
        raise TranslationFileError(f"not well-formed XML: {error}") from None
    except DefusedXmlException as error:
        raise TranslationFileError(f"unsafe XML refused: {error}") from None
    if root.tag != _x("xliff"):
        if root.tag.endswith("}xliff") or root.tag == "xliff":
            raise TranslationFileError(
                f"only XLIFF 2.0 files can be imported (this one is version "
                f"{root.get('version', '?')}): export XLIFF 2.0"
            )
        raise TranslationFileError(
            f"not an XLIFF 2.0 file: the document is <{root.tag}>, not <xliff> in "
            f"the namespace {XLIFF_NS}"
        )
    if root.get("version") not in ("2.0", "2.1"):
        raise TranslationFileError(f"unsupported XLIFF version {root.get('version')!r}")
    language = (root.get("trgLang") or "").strip()
    if not language:
        raise TranslationFileError("the XLIFF file does not say its language (no trgLang)")
    units = []
    for file in root.iter(_x("file")):
        key = file.get("id") or ""
        for element in file.iter(_x("unit")):
            units.append(xliff_unit(key, element))
    return ParsedFile("xliff", language, (root.get("srcLang") or "").strip(), units)


def xliff_unit(key, element):
    """A <unit>: its segments (and ignorables) joined, as tools may split a text."""
    path = REPEAT_SUFFIX.sub("", element.get("id") or "")
    sources, targets, problem, complete = [], [], "", True
    for part in element:
        if part.tag not in (_x("segment"), _x("ignorable")):
            continue
        source, target = part.find(_x("source")), part.find(_x("target"))
        if source is None:
            problem = "a segment without <source>"
            continue
        if len(source) or (target is not None and len(target)):
            problem = (
                "inline XML elements (<pc>, <ph>…) are not supported: keep tags such as "
                '<a id="a1"> as text'
            )
        sources.append(source.text or "")
        if target is not None:
            targets.append(target.text or "")
        elif part.tag == _x("ignorable"):
            targets.append(source.text or "")
        else:
            complete = False
    unit = Unit(key, path, "".join(sources), "".join(targets) if complete else "")
    if not sources and not problem:
        problem = "a unit without segments"
    unit.problem = problem
    if not complete and any(targets):
        unit.skip = "some segments of this unit have no target: not applied"
    return unit


# --- import -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    key: str
    path: str
    source: str
    target: str
    reason: str = ""


@dataclass
class ImportReport:
    name: str
    language: str
    format: str = ""
    applied: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # empty targets, fuzzy entries
    rejected: list = field(default_factory=list)
    drafts: list = field(default_factory=list)  # pages saved as a new draft: (key, page)
    file_error: str = ""  # the whole file was rejected (wrong language)

    def add(self, bucket, unit, reason=""):
        getattr(self, bucket).append(Outcome(unit.key, unit.path, unit.source, unit.target, reason))

    @property
    def counts(self):
        return {
            "applied": len(self.applied),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "rejected": len(self.rejected),
        }

    def summary(self):
        counts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        pages = len(self.drafts)
        return f"{self.name} ({self.language}): {counts}; {pages} page(s) saved as drafts"

    def lines(self):
        """The report as text, for the command line."""
        lines = [self.summary()]
        if self.file_error:
            lines.append(f"FILE REJECTED: {self.file_error}")
        for key, page in self.drafts:
            lines.append(f"draft saved: {key} (page {page.pk}, {page.get_admin_display_title()})")
        for outcome in self.rejected:
            lines.append(f"rejected: {outcome.key}|{outcome.path}: {outcome.reason}")
        for outcome in self.skipped:
            lines.append(f"skipped: {outcome.key}|{outcome.path}: {outcome.reason}")
        return lines


def same_language(found, expected):
    found = found.strip().lower().replace("_", "-")
    return found == expected or found.startswith(f"{expected}-")


def import_file(language, name, content, user=None):
    """Import a translated PO or XLIFF file of pages in `language`.

    Raises TranslationFileError when the file can't be read (nothing changes). A file in
    another language is rejected whole: the report says so and nothing changes. Otherwise each
    unit is applied, unchanged, skipped (empty target, fuzzy) or rejected with a reason, and
    every page with an applied text gets a new draft revision (never published).
    """
    locale = target_locale(language)
    parsed = parse(name, content)
    report = ImportReport(name=name, language=language, format=parsed.format)
    wrong = None
    if not same_language(parsed.language, language):
        wrong = f"the file is in {parsed.language!r}, not {language!r}"
    elif parsed.source_language and not same_language(parsed.source_language, SOURCE_LANGUAGE):
        wrong = f"the file translates from {parsed.source_language!r}, not {SOURCE_LANGUAGE!r}"
    if wrong:
        report.file_error = f"wrong language: {wrong}; nothing was imported"
        for unit in parsed.units:
            report.add("rejected", unit, f"wrong language: {wrong}")
        return report
    by_key = OrderedDict()
    for unit in parsed.units:
        by_key.setdefault(unit.key, []).append(unit)
    pages = source_pages_by_key(by_key)
    user = user if getattr(user, "is_authenticated", False) else None
    tool_name = f"file import: {name}"[:255]
    with transaction.atomic():
        for key, units in by_key.items():
            page = pages.get(key)
            if page is None:
                for unit in units:
                    report.add("rejected", unit, f"unknown page key {key!r}")
                continue
            import_page(report, page, locale, units, user, tool_name)
    return report


def import_page(report, page, locale, units, user, tool_name):
    """The units of one page: checked against the Italian page as it is now, then written."""
    current = {}
    for path, text in string_segments(page):
        current.setdefault(path, set()).add(text)
    existing = existing_translations(page, locale)
    disabled = LocalizeTranslation.objects.filter(
        source__object_id=page.translation_key, target_locale=locale, enabled=False
    ).exists()
    to_apply, seen = [], set()
    for unit in units:
        if unit.problem:
            report.add("rejected", unit, unit.problem)
        elif unit.path not in current:
            report.add("rejected", unit, f"unknown segment {unit.path!r} on this page")
        elif unit.source not in current[unit.path]:
            report.add("rejected", unit, "source text changed since export: export again")
        elif (unit.path, unit.source) in seen:
            report.add("rejected", unit, "the same text appears twice in the file")
        elif unit.skip:
            report.add("skipped", unit, unit.skip)
        elif not unit.target.strip():
            kept = (unit.path, unit.source) in existing
            report.add(
                "skipped",
                unit,
                "empty target: the existing translation is kept"
                if kept
                else "empty target: not translated",
            )
        elif existing.get((unit.path, unit.source)) == unit.target:
            report.add("unchanged", unit)
        elif disabled:
            report.add(
                "rejected",
                unit,
                "this page is translated by hand in this language (synchronised "
                "translation disabled)",
            )
        elif reason := markup_problem(unit):
            report.add("rejected", unit, reason)
        else:
            to_apply.append(unit)
        seen.add((unit.path, unit.source))
    if not to_apply:
        return
    target = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if target is not None and target.locked and (user is None or target.locked_by_id != user.pk):
        for unit in to_apply:
            report.add(
                "rejected", unit, "the translated page is locked: unlock it and import again"
            )
        return
    try:
        with transaction.atomic():
            source = refresh_source(page)
            translation, _ = LocalizeTranslation.objects.get_or_create(
                source=source, target_locale=locale
            )
            for unit in to_apply:
                write_translation(source, locale, unit, user, tool_name)
            draft = save_draft(translation, user)
    except ValidationError as error:
        reason = "; ".join(error.messages)
        for unit in to_apply:
            report.add("rejected", unit, f"the translated page could not be saved: {reason}")
        return
    for unit in to_apply:
        report.add("applied", unit)
    report.drafts.append((page_key(page), draft))


def refresh_source(page):
    """The page's TranslationSource, brought up to the Italian page as it is now.

    The Italian page may have changed since it was last synced: its current texts are what the
    file was checked against. The sync date is kept: translations.status reads it as "every
    language was rebuilt from this source", and an import rebuilds one language only (the
    others stay outdated until they are translated too).
    """
    synced_at = (
        TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id)
        .values_list("last_updated_at", flat=True)
        .first()
    )
    source, _ = TranslationSource.update_or_create_from_instance(page)
    if synced_at is not None and source.last_updated_at != synced_at:
        TranslationSource.objects.filter(pk=source.pk).update(last_updated_at=synced_at)
        source.last_updated_at = synced_at
    return source


def markup_problem(unit):
    """wagtail-localize's own checks: inline tags only, and no link the source hasn't."""
    try:
        StringValue.from_translated_html(unit.target)
        validate_translation_links(unit.source, unit.target)
    except ValueError as error:
        return f"invalid markup in target: {error}"
    return ""


def write_translation(source, locale, unit, user, tool_name):
    string = String.objects.get(locale=source.locale, data_hash=String._get_data_hash(unit.source))
    context = TranslationContext.objects.get(object_id=source.object_id, path=unit.path)
    StringTranslation.objects.update_or_create(
        translation_of=string,
        locale=locale,
        context=context,
        defaults={
            "data": unit.target,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "tool_name": tool_name,
            "last_translated_by": user,
            "has_error": False,
            "field_error": "",
        },
    )
