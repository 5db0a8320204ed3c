"""Posters: any page as an A4 sheet with its title, summary and a QR code that opens the page in
the poster's language; a print stylesheet for every page."""

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from events.models import EventPage
from home.models import HomePage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR)
VACCINATIONS = "service-demo-vaccinazioni-bambini"


def service(code):
    return ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code=code)


def poster_url(code, page):
    with translation.override(code):
        return reverse("poster", args=[page.pk])


def decoded(qr):
    """What a phone reads from the code: the QR drawn as a PNG, read by zxing."""
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=8)
    buffer.seek(0)
    return [result.text for result in zxingcpp.read_barcodes(Image.open(buffer))]


def test_a_poster_has_the_title_summary_and_a_qr_code_to_the_page(client):
    page = service("it")
    response = client.get(poster_url("it", page))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(page.title) in html and escape(page.summary) in html
    assert "Terre di Inclusione" in html
    url = page.get_full_url()
    assert url.startswith("http") and "/it/" in url
    assert response.context["poster_url"] == url
    assert decoded(response.context["qr"]) == [url]
    # The code is drawn in the page (no image request), named for screen readers, and the
    # address is printed under it for those who type it.
    assert re.search(r'role="img" aria-label="[^"]+"><svg[^>]*class="poster__qr-svg"', html)
    assert f'<p class="poster__url" dir="ltr" translate="no">{url}</p>' in html


def test_a_poster_in_another_language_shows_and_links_that_languages_page(client):
    italian, arabic = service("it"), service("ar")
    response = client.get(poster_url("ar", italian))  # any version's id will do
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert escape(arabic.title) in html
    assert decoded(response.context["qr"]) == [arabic.get_full_url()]
    assert "/ar/" in arabic.get_full_url()


def test_the_language_chooser_offers_the_languages_the_page_is_written_in(client):
    event = EventPage.objects.get(
        import_key="event-demo-capodanno-cinese-cremona", locale__language_code="it"
    )
    html = client.get(poster_url("it", event)).content.decode()
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in html
    assert 'value="sq"' not in html  # not translated into Albanian
    response = client.get(poster_url("it", event), {"language": "zh-hans"})
    assert response.status_code == 302
    assert response["Location"] == poster_url("zh-hans", event)


def test_a_bad_language_is_explained_not_an_error(client):
    page = service("it")
    for value in ("tlh", "", "sq' OR 1=1"):
        response = client.get(poster_url("en", page), {"language": value})
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
    # Other things in the address (a QR campaign's tag) are not a choice of language.
    response = client.get(poster_url("en", page), {"utm_source": "poster"})
    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()


def test_unknown_or_unpublished_pages_have_no_poster(client):
    assert client.get("/it/poster/999999/").status_code == 404
    page = service("it")
    page.unpublish()
    assert client.get(poster_url("it", page)).status_code == 404


def test_every_page_offers_its_poster_and_a_print_stylesheet(client):
    for page in (service("uk"), HomePage.objects.get(locale__language_code="pa")):
        html = client.get(page.url).content.decode()
        code = page.locale.language_code
        assert f'<a href="{poster_url(code, page)}" rel="nofollow">' in html
        assert '<link rel="stylesheet" media="print" href="/static/css/print.css">' in html


def test_the_poster_page_runs_no_inline_script(client):
    html = client.get(poster_url("it", service("it"))).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", html)


def test_print_stylesheets_are_for_a4(client):
    print_css = (STATIC / "cms" / "static" / "css" / "print.css").read_text()
    poster_css = (STATIC / "materials" / "static" / "materials" / "poster.css").read_text()
    assert "@page { size: A4;" in print_css and "@page { size: A4;" in poster_css
