"""In a real browser: a page's A4 poster, on screen and printed to PDF, carries a QR code that a
phone reads as the page's address in the poster's language.

Issue: "any page can be printed as an A4 poster with its title, summary and a QR code to the page
in a chosen language". Screenshots and PDFs: test-results/screenshots/<test name>/.
"""

import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from services.models import ServicePage

from .conftest import SCREENSHOTS, safe_name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VACCINATIONS = "service-demo-vaccinazioni-bambini"


def read_codes(path):
    return [result.text for result in zxingcpp.read_barcodes(Image.open(path))]


def test_the_poster_prints_on_one_a4_page_with_a_qr_code_to_the_page(
    page, live_server, screenshot, request
):
    folder = SCREENSHOTS / safe_name(request.node.name)
    italian = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    for code in ("it", "ar", "zh-hans"):
        version = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code=code)
        with translation.override(code):
            path = reverse("poster", args=[italian.pk])
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.get_by_role("heading", name=version.title)).to_be_visible()
        # The print button is there only because JavaScript runs.
        expect(page.locator("[data-print]")).to_be_visible()
        url = version.get_full_url()
        assert f"/{code}/" in url
        assert read_codes(screenshot(page, f"{code}-screen")) == [url]

        # What the printer gets: the sheet alone, on one A4 page.
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".poster-tools")).to_be_hidden()
        expect(page.locator(".poster__title")).to_have_text(version.title)
        assert read_codes(screenshot(page, f"{code}-print")) == [url]
        pdf = page.pdf(format="A4", print_background=True)
        (folder / f"{code}-poster.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF")
        # Chromium writes the page tree uncompressed: one page.
        assert re.search(rb"/Type /Pages\s*/Count 1\b", pdf), "the poster takes more than a page"

    # Any page prints as its content alone: no navigation, search, languages or poster link.
    page.goto(f"{live_server.url}{italian.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(italian.title)
    for selector in (".primary-nav", ".lang-switcher", ".search-form", ".page-actions"):
        expect(page.locator(selector).first).to_be_hidden()
    screenshot(page, "service-print")
