"""The ten site languages, Italian as the source every other language follows, and the
initial topics, audiences and municipalities (with their names in every language)."""

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.db import migrations

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"


def create_locales_and_taxonomy(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    italian = locales[settings.LANGUAGE_CODE]
    for code, locale in locales.items():
        if locale != italian:
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": italian})

    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    for model_name, entries in (("Topic", data["topics"]), ("Audience", data["audiences"])):
        model = apps.get_model("core", model_name)
        for entry in entries:
            key = uuid.uuid4()
            for code, locale in locales.items():
                model.objects.create(
                    translation_key=key,
                    locale=locale,
                    slug=entry["slug"],
                    name=entry["names"].get(code) or entry["names"][settings.LANGUAGE_CODE],
                )
    Municipality = apps.get_model("core", "Municipality")
    for entry in data["municipalities"]:
        key = uuid.uuid4()
        for locale in locales.values():
            # Place names stay as they are in Italian in every language.
            Municipality.objects.create(
                translation_key=key, locale=locale, slug=entry["slug"], name=entry["name"], area=entry["area"]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_locales_and_taxonomy, migrations.RunPython.noop)]
