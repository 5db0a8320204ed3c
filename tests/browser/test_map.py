"""In a real browser: the map draws a marker for each place of the list, from the project's own
Leaflet, with no request to another site (tiles are off in tests); markers work with the keyboard.

Screenshots: test-results/screenshots/<test name>/.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_map_shows_a_marker_for_every_place_and_opens_it_from_the_keyboard(
    page, live_server, screenshot
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    with translation.override("ar"):
        path = reverse("map")
    page.goto(f"{live_server.url}{path}")
    map_box = page.get_by_role("region", name="خريطة الأماكن الموجودة في القائمة")
    expect(map_box).to_be_visible()
    places = page.evaluate("JSON.parse(document.getElementById('map-places').textContent)")
    assert len(places) >= 8
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(len(places))
    screenshot(page, "map-ar")

    # A marker is a button with the place's name; Enter opens its card with a link to the page.
    first = markers.first
    first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    name = first.get_attribute("title")
    expect(popup.get_by_role("link", name=name)).to_be_visible()
    screenshot(page, "marker-open")

    # The list is still there, after the map, and the skip link leads to it.
    page.get_by_role("link", name="تخطَّ الخريطة وانتقل إلى القائمة").click()
    expect(page.locator("#places-title")).to_be_focused()
    assert all(url.startswith(live_server.url) for url in requests), requests
