"""In a real browser: every kind of public page, in Italian, Arabic and Chinese, passes axe-core.

Issue: "Browser tests: the home page, each page type, search, a listing with filters, the map
and a poster, in Italian, Arabic and Chinese, each checked with axe-core for zero violations of
serious or critical impact, with a screenshot saved per page." and "screenshots show a correct
RTL layout in Arabic".

One test per language visits every page of tests/public_pages.py (restoring the demo database
per test is slow): axe-core runs on each, every serious or critical violation is collected and
the test fails listing them all. The same pages are then opened without JavaScript in a phone's
width (320 CSS pixels, what 400 % zoom leaves on a laptop): their content must be there and fit
without scrolling sideways. Screenshots: test-results/screenshots/<test>/; axe's full findings,
minor ones too: test-results/axe/<language>.json.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.public_pages import KINDS, LANGUAGES, url_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}
REPORTS = Path(settings.BASE_DIR) / "test-results" / "axe"
TEXT_EDGES = """element => {
    const box = element.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    return [box.left, box.right, text.left, text.right];
}"""


def public_urls(language_code):
    urls = {kind: url_of(kind, language_code) for kind in KINDS}
    return {kind: url for kind, url in urls.items() if url is not None}


def describe(kind, url, violation):
    nodes = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
    more = len(violation["nodes"]) - 5
    return (
        f"{kind} {url}: [{violation['impact']}] {violation['id']}: {violation['help']}"
        f" -> {nodes}{f' (+{more} more)' if more > 0 else ''}"
    )


@pytest.mark.parametrize("language_code", LANGUAGES)
def test_every_kind_of_page_passes_axe_reads_in_its_direction_and_works_without_javascript(
    live_server, browser, new_page, screenshot, language_code, italian_only_service
):
    if not AXE.exists():
        pytest.fail(f"no axe-core at {AXE}: scripts/bootstrap installs it (npm ci)")
    urls = public_urls(language_code)
    page = new_page()
    page.goto(f"{live_server.url}{urls['home']}")
    check_skip_link_and_direction(page, screenshot, language_code)

    problems = run_axe_on_every_page(page, live_server, urls, screenshot, language_code)
    assert not problems, f"{len(problems)} serious or critical problems:\n" + "\n".join(problems)

    too_wide = check_without_javascript_on_a_phone(browser, live_server, urls, screenshot)
    assert not too_wide, "wider than a phone's screen: " + ", ".join(too_wide)


def check_skip_link_and_direction(page, screenshot, language_code):
    """The first Tab shows the skip link, with a visible focus; Enter moves focus to the content.
    In Arabic the page reads from the right: the site's name there, the language menu left."""
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("link => getComputedStyle(link).outlineStyle") != "none"
    screenshot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    name = page.locator(".site-name").bounding_box()
    languages = page.locator(".lang-switcher summary").bounding_box()
    # The heading's text (not its box, which spans the line) starts on the reading side.
    box_left, box_right, text_left, text_right = page.locator("h1").evaluate(TEXT_EDGES)
    if language_code == "ar":
        assert name["x"] > languages["x"]
        assert abs(text_right - box_right) < 2 and text_left > box_left
    else:
        assert name["x"] < languages["x"]
        assert abs(text_left - box_left) < 2


def run_axe_on_every_page(page, live_server, urls, screenshot, language_code):
    """axe-core on each page: its serious and critical violations, described; all findings go
    to test-results/axe/<language>.json. A screenshot of each page."""
    # Injected before any script of the page, outside its Content-Security-Policy.
    page.add_init_script(path=str(AXE))
    problems, findings = [], {}
    for kind, url in urls.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        expect(page.locator("h1")).to_be_visible()
        violations = axe_violations(page, kind)
        findings[url] = [
            {key: violation[key] for key in ("id", "impact", "help")}
            | {"targets": [node["target"] for node in violation["nodes"]]}
            for violation in violations
        ]
        problems += [
            describe(kind, url, violation)
            for violation in violations
            if violation["impact"] in BLOCKING
        ]
        screenshot(page, kind)
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = json.dumps(findings, ensure_ascii=False, indent=1)
    (REPORTS / f"{language_code}.json").write_text(report, encoding="utf-8")
    return problems


def axe_violations(page, kind):
    """axe-core's violations on the page. On the map, markers of places close together overlap,
    which axe's target-size rule (WCAG 2.5.8) reports: the criterion's "Equivalent" exception
    applies, as every marker's place is a link in the list under the map, checked here; axe
    cannot know that, so its target-size rule runs there on everything but the markers."""
    if kind != "map":
        return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
    markers = page.locator(".leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    names = markers.evaluate_all("icons => icons.map(icon => icon.title)")
    listed = page.locator(".places .card__title a").all_inner_texts()
    assert names and set(names) <= set(listed), "a place on the map is missing from the list"
    without_target_size = AXE_OPTIONS | {"rules": {"target-size": {"enabled": False}}}
    violations = page.evaluate("options => axe.run(document, options)", without_target_size)
    target_size = page.evaluate(
        "options => axe.run({exclude: [['.leaflet-marker-pane']]}, options)",
        {"runOnly": {"type": "rule", "values": ["target-size"]}, "resultTypes": ["violations"]},
    )
    return violations["violations"] + target_size["violations"]


def check_without_javascript_on_a_phone(browser, live_server, urls, screenshot):
    """Every page without JavaScript, 320 CSS pixels wide: its content is there; the pages
    that need sideways scrolling are returned (and photographed)."""
    context = browser.new_context(
        locale="en-GB",
        viewport={"width": 320, "height": 640},
        java_script_enabled=False,
        reduced_motion="reduce",
    )
    page = context.new_page()
    too_wide = []
    try:
        for kind, url in urls.items():
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            expect(page.locator("h1")).to_be_visible()
            heading = page.locator("h1").inner_text()
            assert len(page.locator("main").inner_text()) > len(heading) + 20, f"{url}: empty"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{kind} {url}: {width}px")
                screenshot(page, f"narrow-{kind}")
    finally:
        context.close()
    return too_wide
