"""Importing pages from a JSON file in the corpus format (docs/import-format.md).

Everything is checked before anything is written, and the import runs in one transaction:
bad input names the item and the field and changes nothing.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Locale

from .content import first_block_id, paragraphs, text_body
from .models import Audience, ImportedItem, Municipality, Topic
from .site_structure import ensure_site_structure
from .translation import translate_page

TYPES = ("association", "service", "course", "event")  # associations first: events name them
SECTION_OF_TYPE = {
    "service": "services",
    "course": "courses",
    "event": "events",
    "association": "associations",
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SLOT = re.compile(r"^(?P<day>[a-z]+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ImportFailed(Exception):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    translations: int = 0

    def count(self, bucket, kind):
        bucket[kind] = bucket.get(kind, 0) + 1


def page_model(kind):
    from associations.models import AssociationPage
    from courses.models import CoursePage
    from events.models import EventPage
    from services.models import ServicePage

    return {
        "service": ServicePage,
        "course": CoursePage,
        "event": EventPage,
        "association": AssociationPage,
    }[kind]


class Item:
    """One item of the file, checked: `fields` are the page's language-independent values."""

    def __init__(self, index, raw):
        self.index = index
        self.raw = raw
        self.key = raw.get("key") if isinstance(raw, dict) else None
        self.kind = raw.get("type") if isinstance(raw, dict) else None
        self.fields = {}
        self.topics = []
        self.audiences = []
        self.sessions = []
        self.spoken_languages = []
        self.activities = []
        self.organiser_key = None
        self.translations = {}

    @property
    def label(self):
        return f"item {self.index + 1} ({self.key})" if self.key else f"item {self.index + 1}"


class Checker:
    """Checks every item, collecting errors as 'item N (key): field: problem'."""

    def __init__(self, data, languages):
        self.data = data
        self.languages = languages
        self.errors = []
        italian = Locale.get_default()
        self.municipalities = {}
        for m in Municipality.objects.filter(locale=italian):
            self.municipalities[m.name.casefold()] = m
            self.municipalities[m.slug] = m
        self.topics = {t.slug: t for t in Topic.objects.filter(locale=italian)}
        self.audiences = {a.slug: a for a in Audience.objects.filter(locale=italian)}

    def error(self, item, where, problem):
        self.errors.append(f"{item.label}: {where}: {problem}")

    def check(self):
        if not isinstance(self.data, dict) or not isinstance(self.data.get("items"), list):
            raise ImportFailed(["the file must be an object with an 'items' list"])
        if self.data.get("format", 1) != 1:
            raise ImportFailed([f"format: unsupported version {self.data.get('format')!r}"])
        source = self.data.get("source_locale", "it")
        if source != settings.LANGUAGE_CODE:
            raise ImportFailed(
                [f"source_locale: must be {settings.LANGUAGE_CODE!r}, not {source!r}"]
            )
        for code in self.data.get("locales", []):
            if code not in self.languages:
                self.errors.append(f"locales: unknown locale {code!r}")
        items, seen = [], {}
        for index, raw in enumerate(self.data["items"]):
            item = Item(index, raw)
            if not isinstance(raw, dict):
                self.error(item, "item", "must be an object")
                continue
            if not isinstance(item.key, str) or not KEY.match(item.key):
                self.error(item, "key", "missing, or not lowercase letters, digits and hyphens")
            elif item.key in seen:
                self.error(item, "key", f"duplicate key, already used by item {seen[item.key] + 1}")
            else:
                seen[item.key] = index
            if item.kind not in TYPES:
                self.error(
                    item, "type", f"unknown type {item.kind!r} (expected one of {', '.join(TYPES)})"
                )
                continue
            self.check_common(item)
            getattr(self, f"check_{item.kind}")(item)
            self.check_translations(item)
            items.append(item)
        associations = {i.key for i in items if i.kind == "association"}
        for item in items:
            if item.organiser_key and item.organiser_key not in associations:
                if (
                    not page_model("association")
                    .objects.filter(
                        import_key=item.organiser_key, locale__language_code=settings.LANGUAGE_CODE
                    )
                    .exists()
                ):
                    self.error(
                        item, "event.organizer", f"unknown association {item.organiser_key!r}"
                    )
        if self.errors:
            raise ImportFailed(self.errors)
        return sorted(items, key=lambda i: TYPES.index(i.kind))

    def check_common(self, item):
        raw, f = item.raw, item.fields
        name = raw.get("municipality")
        municipality = self.municipalities.get(str(name).casefold()) if name else None
        if municipality is None:
            self.error(item, "municipality", f"unknown municipality {name!r}")
        f["municipality"] = municipality
        location = raw.get("location") or {}
        if not isinstance(location, dict):
            self.error(item, "location", "must be an object or null")
            location = {}
        f["address"] = location.get("address") or ""
        f["location_name"] = location.get("name") or ""
        for axis, limit in (("lat", 90), ("lon", 180)):
            value = location.get(axis)
            if value is None:
                f["latitude" if axis == "lat" else "longitude"] = None
                continue
            try:
                number = Decimal(str(value)).quantize(Decimal("0.000001"))
                if abs(number) > limit:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                self.error(item, f"location.{axis}", f"not a coordinate: {value!r}")
                number = None
            f["latitude" if axis == "lat" else "longitude"] = number
        contact = raw.get("contact") or {}
        f["phone"] = contact.get("phone") or ""
        f["email"] = contact.get("email") or ""
        f["website"] = contact.get("website") or ""
        for name, validator in (("email", EmailValidator()), ("website", URLValidator())):
            if f[name]:
                try:
                    validator(f[name])
                except ValidationError:
                    self.error(item, f"contact.{name}", f"not valid: {f[name]!r}")
        item.topics = self.terms(item, "topics", raw.get("topics", []), self.topics)
        item.audiences = self.terms(item, "audience", raw.get("audience", []), self.audiences)

    def terms(self, item, where, slugs, known):
        if not isinstance(slugs, list):
            self.error(item, where, "must be a list")
            return []
        found = []
        for slug in slugs:
            if slug not in known:
                self.error(item, where, f"unknown value {slug!r}")
            else:
                found.append(known[slug])
        return found

    def section(self, item, name):
        value = item.raw.get(name)
        if not isinstance(value, dict):
            self.error(item, name, f"a {item.kind} needs a '{name}' object")
            return {}
        return value

    def date(self, item, where, value, parse=datetime.date.fromisoformat, required=False):
        if value in (None, ""):
            if required:
                self.error(item, where, "missing")
            return None
        try:
            return parse(value)
        except (TypeError, ValueError):
            self.error(item, where, f"not a valid date: {value!r}")
            return None

    def check_service(self, item):
        """Services have nothing beyond the common fields."""

    def check_course(self, item):
        from courses.models import CoursePage

        course, f = self.section(item, "course"), item.fields
        level = course.get("level") or ""
        if level and level not in CoursePage.Level.values:
            self.error(item, "course.level", f"unknown level {level!r}")
        f["level"] = level
        f["starts"] = self.date(item, "course.starts", course.get("starts"))
        f["ends"] = self.date(item, "course.ends", course.get("ends"))
        if f["starts"] and f["ends"] and f["ends"] < f["starts"]:
            self.error(item, "course.ends", "before course.starts")
        f["free"] = bool(course.get("free", True))
        f["childcare"] = bool(course.get("childcare", False))
        f["provider"] = course.get("provider") or ""
        kind = course.get("kind") or infer_course_kind(item.raw, f["starts"])
        if kind not in CoursePage.Kind.values:
            self.error(item, "course.kind", f"unknown kind {kind!r}")
        f["kind"] = kind
        for slot in filter(None, (s.strip() for s in (course.get("schedule") or "").split(";"))):
            match = SLOT.match(slot.lower())
            try:
                if not match or match["day"] not in WEEKDAYS:
                    raise ValueError
                start = datetime.time.fromisoformat(match["start"].zfill(5))
                end = datetime.time.fromisoformat(match["end"].zfill(5))
                if end <= start:
                    raise ValueError
            except ValueError:
                self.error(
                    item,
                    "course.schedule",
                    f"cannot read {slot!r} (expected 'tuesday 09:00-11:00')",
                )
                continue
            item.sessions.append(
                {"weekday": WEEKDAYS.index(match["day"]), "start_time": start, "end_time": end}
            )

    def check_event(self, item):
        event, f = self.section(item, "event"), item.fields

        def local_datetime(value):
            return timezone.make_aware(datetime.datetime.fromisoformat(value))

        f["starts"] = self.date(
            item, "event.starts", event.get("starts"), local_datetime, required=True
        )
        f["ends"] = self.date(item, "event.ends", event.get("ends"), local_datetime)
        if f["starts"] and f["ends"] and f["ends"] < f["starts"]:
            self.error(item, "event.ends", "before event.starts")
        f["free"] = bool(event.get("free", True))
        f["registration_required"] = bool(event.get("registration_required", False))
        item.organiser_key = event.get("organizer") or None
        self.check_event_recurrence(item, event)

    def check_event_recurrence(self, item, event):
        """Optional `recurrence` (an RRULE) and `excluded_dates`, checked as in the admin."""
        from events.recurrence import RuleError, check_rule, normalise_rule

        f = item.fields
        f["recurrence"] = normalise_rule(str(event.get("recurrence") or ""))
        if f["recurrence"] and f["starts"]:
            with translation.override("en"):  # like the importer's other messages
                try:
                    check_rule(f["recurrence"], f["starts"])
                except RuleError as error:
                    self.error(item, "event.recurrence", str(error))
        skipped = event.get("excluded_dates") or []
        if not isinstance(skipped, list):
            self.error(item, "event.excluded_dates", "a list of dates like ['2027-04-06']")
            skipped = []
        days = [self.date(item, "event.excluded_dates", day) for day in skipped]
        if skipped and not f["recurrence"]:
            self.error(item, "event.excluded_dates", "only a repeating event can skip dates")
        f["excluded_dates"] = ", ".join(day.isoformat() for day in sorted(filter(None, days)))

    def check_association(self, item):
        from associations.models import SPOKEN_LANGUAGE_CHOICES

        association, f = self.section(item, "association"), item.fields
        founded = association.get("founded")
        if founded is not None and (not isinstance(founded, int) or not 1800 <= founded <= 2100):
            self.error(item, "association.founded", f"not a year: {founded!r}")
            founded = None
        f["founded"] = founded
        known = {code for code, _ in SPOKEN_LANGUAGE_CHOICES}
        for code in association.get("languages_spoken", []):
            if code not in known:
                self.error(item, "association.languages_spoken", f"unknown language {code!r}")
            else:
                item.spoken_languages.append(code)
        activities = association.get("activities", [])
        if not isinstance(activities, list) or not all(isinstance(a, str) for a in activities):
            self.error(item, "association.activities", "must be a list of texts")
            activities = []
        item.activities = [a.strip() for a in activities if a.strip()]

    def check_translations(self, item):
        translations = item.raw.get("translations")
        if not isinstance(translations, dict) or "it" not in translations:
            self.error(item, "translations.it", "the Italian text is missing")
            return
        for code, texts in translations.items():
            where = f"translations.{code}"
            if code not in self.languages:
                self.error(item, where, f"unknown locale {code!r}")
                continue
            if not isinstance(texts, dict) or not str(texts.get("title") or "").strip():
                self.error(item, f"{where}.title", "missing")
                continue
            if len(texts["title"]) > 255:
                self.error(item, f"{where}.title", "longer than 255 characters")
            item.translations[code] = {
                "title": texts["title"].strip(),
                "summary": (texts.get("summary") or "").strip(),
                "body": texts.get("body") or "",
            }
        italian = item.translations.get("it")
        if italian:
            count = len(paragraphs(italian["body"]))
            for code, texts in item.translations.items():
                if len(paragraphs(texts["body"])) != count:
                    self.error(
                        item,
                        f"translations.{code}.body",
                        f"has {len(paragraphs(texts['body']))} paragraphs, the Italian {count}",
                    )


def infer_course_kind(raw, starts):
    """Files without `course.kind`: read it from topics and audiences (documented)."""
    audience = set(raw.get("audience") or [])
    if "mediation" in (raw.get("topics") or []):
        return "mediators"
    if audience & {"children", "teenagers"}:
        return "summer" if starts and starts.month in (6, 7, 8) else "pupils"
    return "italian"


def item_digest(raw):
    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Importer:
    def __init__(self, data, *, user=None, progress=None):
        self.data = data
        self.user = user
        self.progress = progress or (lambda iterable, total: iterable)
        codes = [code for code, _ in settings.LANGUAGES]
        self.languages = {
            locale.language_code: locale
            for locale in Locale.objects.filter(language_code__in=codes)
        }

    @classmethod
    def from_path(cls, path, **kwargs):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ImportFailed([f"{path}: no such file"]) from None
        except UnicodeDecodeError as error:
            raise ImportFailed([f"{path}: not UTF-8 text ({error.reason})"]) from None
        except json.JSONDecodeError as error:
            raise ImportFailed(
                [f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
            ) from None
        return cls(data, **kwargs)

    def run(self):
        items = Checker(self.data, self.languages).check()
        report = ImportReport()
        with transaction.atomic():
            sections = ensure_site_structure()
            for item in self.progress(items, len(items)):
                digest = item_digest(item.raw)
                if self.is_unchanged(item, digest):
                    report.count(report.unchanged, item.kind)
                    continue
                page, created = self.save_source(item, sections)
                report.count(report.created if created else report.updated, item.kind)
                ImportedItem.objects.update_or_create(key=item.key, defaults={"digest": digest})
                for code, texts in item.translations.items():
                    if code != "it":
                        translate_page(
                            page, self.languages[code], self.translated(page, texts), user=self.user
                        )
                        report.translations += 1
            self.synchronise_trees()
        return report

    def save_source(self, item, sections):
        from associations.models import SpokenLanguage
        from courses.models import CourseSession

        model = page_model(item.kind)
        italian = self.languages["it"]
        page = model.objects.filter(import_key=item.key, locale=italian).first()
        created = page is None
        if created:
            page = model(import_key=item.key, locale=italian)
        texts = item.translations["it"]
        page.title = texts["title"]
        page.summary = texts["summary"]
        page.body = text_body(texts["body"], None if created else first_block_id(page.body))
        for name, value in item.fields.items():
            setattr(page, name, value)
        if item.kind == "event":
            page.organiser = (
                page_model("association").objects.get(import_key=item.organiser_key, locale=italian)
                if item.organiser_key
                else None
            )
        if item.kind == "association":
            page.activities = [
                {"type": "activity", "value": text, "id": block_id}
                for text, block_id in zip(
                    item.activities,
                    self.activity_ids(page, created, len(item.activities)),
                    strict=True,
                )
            ]
            page.spoken_languages = [
                SpokenLanguage(language=code) for code in item.spoken_languages
            ]
        if item.kind == "course":
            page.sessions = [CourseSession(**session) for session in item.sessions]
        page.topics = item.topics
        page.audiences = item.audiences
        if created:
            page.slug = item.key.split("-", 1)[1]
            sections[SECTION_OF_TYPE[item.kind]].add_child(instance=page)
        page.save_revision(user=self.user, log_action=True).publish(user=self.user)
        return page, created

    def is_unchanged(self, item, digest):
        """Imported before from the same text, and its pages are still there."""
        return ImportedItem.objects.filter(key=item.key, digest=digest).exists() and page_model(
            item.kind
        ).objects.filter(import_key=item.key).count() >= len(item.translations)

    @staticmethod
    def activity_ids(page, created, count):
        import uuid

        existing = [] if created else [block.id for block in page.activities]
        return (existing + [str(uuid.uuid4()) for _ in range(count)])[:count]

    @staticmethod
    def translated(page, texts):
        """An unsaved copy of the Italian page holding one language's texts."""
        import copy

        translated = copy.copy(page)
        translated.title = texts["title"]
        translated.summary = texts["summary"] or page.summary
        translated.body = text_body(texts["body"], first_block_id(page.body))
        return translated

    def synchronise_trees(self):
        """Pages not translated into a language appear there in Italian (aliases)."""
        from wagtail_localize.synctree import PageIndex, synchronize_tree

        index = PageIndex.from_database().sort_by_tree_position()
        italian = self.languages["it"]
        for code, locale in self.languages.items():
            if code != "it":
                synchronize_tree(italian, locale, page_index=index)
