"""Residents read the site in their language: prefixes, switcher, hreflang, RTL, fallbacks."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from events.models import EventPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]


def page_in(model, key, code):
    return model.objects.get(import_key=key, locale__language_code=code)


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def hreflangs(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
        )
    )


def test_the_root_sends_visitors_to_their_browser_language(client):
    assert client.get("/").url == "/it/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar,fr;q=0.5").url == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").url == "/zh-hans/"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_language_has_its_home_page_with_lang_and_direction(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    direction = "rtl" if code in ("ar", "ur") else "ltr"
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'


def test_a_translated_page_is_served_in_its_language_with_hreflang_to_every_version(client):
    arabic = page_in(ServicePage, "service-demo-vaccinazioni-bambini", "ar")
    response = client.get(arabic.url)
    assert response.status_code == 200
    assert arabic.url.startswith("/ar/")
    assert f"<h1>{escape(arabic.title)}</h1>" in response.content.decode()
    links = hreflangs(response)
    assert set(links) == {
        "it",
        "en",
        "fr",
        "es",
        "ar",
        "ur",
        "zh-Hans",
        "uk",
        "sq",
        "pa",
        "x-default",
    }
    italian = page_in(ServicePage, "service-demo-vaccinazioni-bambini", "it")
    assert links["x-default"] == links["it"] == f"http://testserver{italian.url}"
    assert links["zh-Hans"].startswith("http://testserver/zh-hans/")


def test_the_language_switcher_links_this_pages_own_translations(client):
    italian = page_in(ServicePage, "service-demo-vaccinazioni-bambini", "it")
    html = client.get(italian.url).content.decode()
    switcher = html[html.index('class="lang-switcher"') :]
    for code in LANGUAGE_CODES:
        version = page_in(ServicePage, "service-demo-vaccinazioni-bambini", code)
        assert f'href="{version.url}"' in switcher


def test_an_untranslated_page_is_shown_in_italian_with_a_notice_in_the_visitors_language(client):
    # The demo content has this event in neither Punjabi nor Albanian.
    key = "event-demo-capodanno-cinese-cremona"
    italian = page_in(EventPage, key, "it")
    punjabi = page_in(EventPage, key, "pa")
    assert punjabi.alias_of_id == italian.pk
    response = client.get(punjabi.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(italian.title) in html
    with translation.override("pa"):
        notice = translation.gettext("This page is not yet available in English.")
    assert notice != "This page is not yet available in English."
    assert notice in html
    assert 'lang="it" dir="ltr"' in html  # the Italian content is marked as Italian
    # Search engines are told only about real versions.
    assert "pa" not in hreflangs(response) and "sq" not in hreflangs(response)


def test_an_unknown_address_is_a_404_in_the_visitors_language(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert 'dir="rtl"' in html_tag(response)


def test_a_demo_site_says_its_contacts_are_invented_in_the_visitors_language(client, settings):
    assert "notice--demo" not in client.get("/uk/").content.decode()
    settings.DEMO_SITE = True
    html = client.get("/uk/").content.decode()
    assert "Демонстраційний сайт" in html
