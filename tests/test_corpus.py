"""The shared multilingual corpus imports cleanly, twice, and every translation is served."""

import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from core.importer import page_model

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

RTL = {"ar", "ur"}


def test_the_corpus_imports_twice_without_duplicates_and_serves_every_translation(
    client, corpus_path
):
    quiet = open("/dev/null", "w")
    call_command("import_content", str(corpus_path), stdout=quiet)
    pages_after_first = Page.objects.count()
    call_command("import_content", str(corpus_path), stdout=quiet)
    assert Page.objects.count() == pages_after_first
    assert all(not problems for problems in Page.find_problems())

    corpus = json.loads(corpus_path.read_text(encoding="utf-8"))
    for entry in corpus["items"]:
        versions = {
            page.locale.language_code: page
            for page in page_model(entry["type"])
            .objects.filter(import_key=entry["key"])
            .select_related("locale")
        }
        for code in entry["translations"]:
            page = versions[code]
            assert page.alias_of_id is None, f"{entry['key']} [{code}] is not a real translation"
            assert page.url.startswith(f"/{code}/")
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            html = response.content.decode()
            direction = "rtl" if code in RTL else "ltr"
            assert f'<html lang="{code}" dir="{direction}">' in html, page.url
            hreflang = set(re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html))
            expected = {"zh-Hans" if c == "zh-hans" else c for c in entry["translations"]} | {
                "x-default"
            }
            assert hreflang == expected, page.url
