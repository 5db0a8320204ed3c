"""The mediators' three public pages (request form, coverage, protocol) as sections of the site
in every language, like those of core.site_structure. Their texts live in data/site_pages.json."""

import copy
import json
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from core.content import first_block_id, text_body
from core.translation import translate_page

from .models import MediatorCoveragePage, MediatorProtocolPage, MediatorRequestPage

PAGES_FILE = Path(__file__).parent / "data" / "site_pages.json"
MODELS = {
    "site-mediator-request": MediatorRequestPage,
    "site-mediator-coverage": MediatorCoveragePage,
    "site-mediator-protocol": MediatorProtocolPage,
}
TEXT_FIELDS = ["title", "summary", "privacy_notice"]
TARIFF_TEXTS = ["service", "unit", "notes"]


def _text(texts, language):
    return texts.get(language) or texts[settings.LANGUAGE_CODE]


def _italian(entry):
    """A new Italian page, with the file's texts."""
    page = MODELS[entry["key"]](import_key=entry["key"], slug=entry["slug"])
    for name in TEXT_FIELDS:
        if name in entry:
            setattr(page, name, entry[name][settings.LANGUAGE_CODE])
    page.body = text_body(entry["body"][settings.LANGUAGE_CODE])
    if "tariffs" in entry:
        page.tariffs = [
            {
                "type": "tariff",
                "id": str(uuid.uuid4()),
                "value": {
                    "amount": row["amount"],
                    **{
                        name: row.get(name, {}).get(settings.LANGUAGE_CODE, "")
                        for name in TARIFF_TEXTS
                    },
                },
            }
            for row in entry["tariffs"]
        ]
    return page


def _translated(page, entry, language):
    """An unsaved copy of the Italian page in `language`. Only texts still as in the file are
    translated: one an editor rewrote in Italian keeps its Italian text, for translators."""
    italian = settings.LANGUAGE_CODE
    translated = copy.copy(page)
    for name in TEXT_FIELDS:
        if name in entry and getattr(page, name) == entry[name][italian]:
            setattr(translated, name, _text(entry[name], language))
    # Same block ids as the Italian body, so that its segments line up (core.translation).
    body = [(block["type"], block["value"]) for block in page.body.raw_data]
    if body == [("text", text_body(entry["body"][italian])[0]["value"])]:
        translated.body = text_body(_text(entry["body"], language), first_block_id(page.body))
    if "tariffs" in entry:
        rows = []
        for index, block in enumerate(page.tariffs.raw_data):
            value = dict(block["value"])
            row = entry["tariffs"][index] if index < len(entry["tariffs"]) else {}
            if row and all(
                value[name] == row.get(name, {}).get(italian, "") for name in TARIFF_TEXTS
            ):
                value.update(
                    {name: _text(row[name], language) for name in TARIFF_TEXTS if name in row}
                )
            rows.append({"type": block["type"], "value": value, "id": block["id"]})
        translated.tariffs = rows
    return translated


@transaction.atomic
def ensure_site_pages(homes):
    """Create the pages and translations that are missing (or still aliases); never overwrite
    what editors changed."""
    data = json.loads(PAGES_FILE.read_text(encoding="utf-8"))
    home = Page.objects.get(pk=homes[settings.LANGUAGE_CODE].pk)  # fresh: its children changed
    for key, entry in data.items():
        entry = {"key": key, **entry}
        page = MODELS[key].objects.filter(locale_id=home.locale_id, import_key=key).first()
        if page is None:
            page = _italian(entry)
            home.add_child(instance=page)
            page.save_revision().publish()
        for code, other_home in homes.items():
            existing = page.get_translation_or_none(other_home.locale)
            if code != settings.LANGUAGE_CODE and (existing is None or existing.alias_of_id):
                translated = _translated(page, entry, code)
                translate_page(page, other_home.locale, translated, tool_name="site structure")
