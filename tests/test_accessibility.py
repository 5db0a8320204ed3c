"""What every public page promises its readers, checked in the HTML the server sends.

Issue: "Accessibility and plain language: WCAG 2.2 AA … correct `lang` on mixed-language
fragments, right-to-left layout for Arabic and Urdu … Every page type renders usefully without
JavaScript. No third-party fonts, scripts or trackers: nothing leaves the site."

Each kind of page (tests/public_pages.py) in Italian, Arabic and Chinese: the language and
direction of the document, a skip link to the content, one h1, labelled form fields, nothing
loaded from another origin, no inline JavaScript (a Content-Security-Policy without
'unsafe-inline' must be possible). The same pages are checked with axe-core in a real browser in
tests/browser/test_accessibility.py.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from services.models import ServicePage

from .public_pages import KINDS, LANGUAGES, LISTING_KINDS, url_of

pytestmark = pytest.mark.django_db

DIRECTION = {"it": "ltr", "ar": "rtl", "zh-hans": "ltr"}
UNTRANSLATED_LANGUAGES = ["ar", "zh-hans"]
# Scripts that carry data, not code: allowed inline.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Elements that make the browser fetch something, and the attribute naming it.
FETCHING = {
    "script": "src",
    "link": "href",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "object": "data",
    "embed": "src",
}
# <link> relations that are only addresses for robots, never fetched by the page.
NOT_FETCHED_LINKS = {"alternate", "canonical"}


@pytest.fixture
def pages_of_every_kind(request, kind):
    """The demo content translates nearly everything into Arabic and Chinese: an untranslated
    page is added for that kind."""
    if kind == "untranslated":
        request.getfixturevalue("italian_only_service")


def fetch(client, kind, language_code):
    url = url_of(kind, language_code)
    if url is None:
        pytest.skip(f"no {kind} page in {language_code}")
    response = client.get(url)
    assert response.status_code == 200, url
    return url, BeautifulSoup(response.content, "html.parser")


def is_labelled(field, soup):
    if field.get("aria-label") or field.get("aria-labelledby"):
        return True
    if field.find_parent("label"):
        return True
    return bool(field.get("id")) and soup.find("label", attrs={"for": field["id"]}) is not None


def form_fields(soup):
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type") in {"hidden", "submit", "button", "reset"}:
            continue
        yield field


def fetched_addresses(soup):
    for name, attribute in FETCHING.items():
        for element in soup.find_all(name):
            if name == "link" and NOT_FETCHED_LINKS & set(element.get("rel") or []):
                continue
            for address in (element.get(attribute), element.get("srcset")):
                if address:
                    yield from (part.split()[0] for part in address.split(",") if part.strip())


@pytest.mark.parametrize("language_code", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_says_its_language_and_direction_and_offers_a_skip_link(
    client, kind, language_code, pages_of_every_kind
):
    url, soup = fetch(client, kind, language_code)
    html = soup.find("html")
    assert html.get("lang") == language_code, url
    assert html.get("dir") == DIRECTION[language_code], url

    # The skip link comes first, before the header's many links, and leads to the content.
    first_link = soup.body.find("a")
    assert first_link.get("href") == "#main", url
    assert first_link.get_text(strip=True), url
    main = soup.find(id="main")
    assert main is not None and main.name == "main", url
    assert len(soup.find_all("main")) == 1, url

    headings = soup.find_all("h1")
    assert len(headings) == 1, f"{url}: {len(headings)} h1"
    assert headings[0].get_text(strip=True), url
    assert headings[0].find_parent("main") is not None, url

    title = soup.find("title")
    assert title is not None and title.get_text(strip=True), url


@pytest.mark.parametrize("language_code", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_nothing_leaves_the_site_and_no_inline_javascript(
    client, kind, language_code, pages_of_every_kind
):
    url, soup = fetch(client, kind, language_code)
    for address in fetched_addresses(soup):
        parts = urlsplit(address)
        assert parts.scheme in {"", "http", "https", "data"}, f"{url}: {address}"
        assert parts.netloc in {"", "testserver"}, f"{url} loads {address} from another site"

    for script in soup.find_all("script"):
        if script.get("src"):
            continue
        assert script.get("type") in DATA_SCRIPT_TYPES, f"{url}: inline script {script}"

    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"{url}: inline event handler {handlers} on <{element.name}>"
        assert not (element.get("href") or "").lower().startswith("javascript:"), url
    for style in soup.find_all("style"):
        assert "@import" not in style.get_text() and "url(" not in style.get_text(), url


@pytest.mark.parametrize("language_code", LANGUAGES)
@pytest.mark.parametrize("kind", LISTING_KINDS)
def test_every_form_field_of_listings_and_search_has_a_label(client, kind, language_code):
    url, soup = fetch(client, kind, language_code)
    fields = list(form_fields(soup))
    # The header's search box, plus the page's own filters or search box.
    assert len(fields) > 1, url
    unlabelled = [str(field) for field in fields if not is_labelled(field, soup)]
    assert not unlabelled, f"{url}: {unlabelled}"
    for form in soup.find_all("form"):
        assert form.find(["button", "input"], attrs={"type": "submit"}) or form.find(
            "button", attrs={"type": None}
        ), f"{url}: a form without a submit button cannot be sent without JavaScript"


@pytest.mark.parametrize("language_code", LANGUAGES)
def test_language_links_are_marked_with_their_own_language(client, language_code):
    url, soup = fetch(client, "service", language_code)
    switcher = soup.select_one(".lang-switcher")
    links = switcher.find_all("a")
    assert len(links) == 10, url
    for link in links:
        # A screen reader says "Español" in Spanish, "العربية" in Arabic.
        assert link.get("lang") and link.get("hreflang") == link.get("lang"), link
    arabic = switcher.find("a", attrs={"lang": "ar"})
    assert arabic.find(attrs={"dir": "rtl"}) is not None


def test_an_untranslated_page_marks_its_italian_text_as_italian(client, italian_only_service):
    for language_code in UNTRANSLATED_LANGUAGES:
        page = ServicePage.objects.get(
            import_key="solo-italiano", locale__language_code=language_code
        )
        assert page.alias_of_id
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        html = soup.find("html")
        assert (html["lang"], html["dir"]) == (language_code, DIRECTION[language_code])
        content = soup.select_one(".page-content")
        assert (content.get("lang"), content.get("dir")) == ("it", "ltr")
        assert "Sportello solo in italiano" in soup.h1.get_text()
        # The notice saying so is in the visitor's language, outside the Italian block.
        notice = soup.select_one(".notice--untranslated")
        assert notice.find_parent(class_="page-content") is None
        assert notice.find_parent(attrs={"lang": "it"}) is None

        # In the list of services its card is marked Italian too, its labels are not.
        listing = BeautifulSoup(client.get(page.get_parent().url).content, "html.parser")
        card = next(
            card for card in listing.select(".card") if "Sportello solo in italiano" in card.text
        )
        assert (card.get("lang"), card.get("dir")) == ("it", "ltr")
        meta = card.select_one(".card__meta")
        assert (meta.get("lang"), meta.get("dir")) == (language_code, DIRECTION[language_code])


@pytest.mark.parametrize("language_code", UNTRANSLATED_LANGUAGES)
def test_links_named_with_an_italian_title_are_marked_as_italian(
    client, italian_only_service, language_code
):
    """A menu, card, breadcrumb or search result naming an untranslated page shows its Italian
    title: a screen reader must read it with Italian sounds, not Arabic or Chinese ones."""
    aliases = Page.objects.live().filter(
        locale__language_code=language_code, alias_of__isnull=False
    )
    italian_titles = {page.url: page.title for page in aliases}
    assert italian_titles
    unmarked = []
    for kind in KINDS:
        url = url_of(kind, language_code)
        if url is None:
            continue
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for link in soup.find_all("a", href=True):
            title = italian_titles.get(urlsplit(link["href"]).path)
            if title and link.get_text(" ", strip=True) == title:
                marked = link if link.get("lang") else link.find_parent(attrs={"lang": True})
                if marked is None or marked["lang"] != "it":
                    unmarked.append(f"{url}: {link}")
    assert not unmarked, "\n".join(unmarked)


def test_urdu_reads_right_to_left_too(client):
    soup = BeautifulSoup(client.get(url_of("service", "ur")).content, "html.parser")
    assert (soup.html["lang"], soup.html["dir"]) == ("ur", "rtl")
