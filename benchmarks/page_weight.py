"""Page weight: what a visitor's phone downloads for a service page, against the budgets.

    .venv/bin/python benchmarks/page_weight.py [--content PATH] [--languages it ar zh-hans]

Issue budget: "A service page weighs ≤ 100 KB transferred without photos and ≤ 30 KB of
JavaScript". On a throw-away SQLite database (unless DATABASE_URL is set), migrated, with the demo
content imported by `import_content`, a service page is fetched in each language through Django's
test client, the way a browser would: the HTML, then every same-origin stylesheet, script, icon,
font and image it names (and the fonts and images the stylesheets name), static files read
through the staticfiles finders. Each file is weighed raw and gzip-compressed: static files at
gzip level 9 as WhiteNoise precompresses them, the HTML at level 6 as a proxy compresses pages
on the fly. "Transferred" is the gzipped total. Uploaded images (MEDIA_URL, the photos) are
weighed apart and left out of the budget. Anything from another origin is listed: there should
be none (map tiles load only on the map, from MAP_TILE_URL).

Always exits 0: it is a benchmark, not a test.
"""

import argparse
import gzip
import os
import re
import sys
import tempfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "home" / "fixtures" / "demo-content.json"
BUDGET_TOTAL = 100 * 1024
BUDGET_JS = 30 * 1024
KINDS = ["html", "css", "js", "fonts", "images"]
FONT_EXTENSIONS = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
IMAGE_EXTENSIONS = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=str(DEFAULT_CONTENT), help="content file to import")
    parser.add_argument("--languages", nargs="+", default=["it", "ar", "zh-hans"])
    return parser.parse_args(argv)


def configure():
    """A throw-away database and Django, before anything imports the models."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("SEARCH_URL", None)  # the database backend is enough to render pages
    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.TemporaryDirectory(prefix="tdi-weight-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/weight.sqlite3"
    import django

    django.setup()
    return workdir


def prepare(content):
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("import_content", str(content), stdout=quiet, stderr=quiet)


class Resources(HTMLParser):
    """The addresses an HTML page makes the browser fetch, each with what it is."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.found.append(("js", attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").lower().split())
            if "stylesheet" in rel:
                self.found.append(("css", attrs["href"]))
            elif rel & {"icon", "apple-touch-icon", "preload", "modulepreload", "manifest"}:
                self.found.append((kind_of(attrs["href"], "images"), attrs["href"]))
        elif tag in {"img", "source"}:
            for address in (attrs.get("src"), attrs.get("srcset")):
                for part in (address or "").split(","):
                    if part.strip():
                        self.found.append(("images", part.split()[0]))


def kind_of(address, default):
    suffix = Path(urlsplit(address).path).suffix.lower()
    if suffix == ".js":
        return "js"
    if suffix == ".css":
        return "css"
    if suffix in FONT_EXTENSIONS:
        return "fonts"
    if suffix in IMAGE_EXTENSIONS:
        return "images"
    return default


def read(client, address):
    """The bytes of a same-origin address: static files from the finders, the rest via Django."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = urlsplit(address).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found).read_bytes() if found else None
    response = client.get(path)
    if response.status_code != 200:
        return None
    return b"".join(response.streaming_content) if response.streaming else response.content


def weigh(client, url):
    """{kind: [raw bytes, gzipped bytes]} of everything a browser fetches for the page at
    `url`; the photos (uploaded images) apart; the addresses on other sites, listed."""
    from django.conf import settings

    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content
    totals = defaultdict(lambda: [0, 0])
    totals["html"] = [len(html), len(gzip.compress(html, 6))]
    photos = [0, 0]
    elsewhere, missing, seen = [], [], set()
    parser = Resources()
    parser.feed(html.decode())
    queue = [(kind, urljoin(url, address)) for kind, address in parser.found]
    while queue:
        kind, address = queue.pop(0)
        parts = urlsplit(address)
        if parts.scheme == "data" or address in seen:
            continue
        seen.add(address)
        if parts.netloc and parts.netloc != "testserver":
            elsewhere.append(address)
            continue
        body = read(client, address)
        if body is None:
            missing.append(address)
            continue
        weight = [len(body), len(gzip.compress(body, 9))]
        if parts.path.startswith(settings.MEDIA_URL):
            photos = [photos[0] + weight[0], photos[1] + weight[1]]
            continue
        totals[kind][0] += weight[0]
        totals[kind][1] += weight[1]
        if kind == "css":
            for reference in CSS_URL.findall(body.decode("utf-8", "replace")):
                queue.append((kind_of(reference, "images"), urljoin(address, reference)))
    return totals, photos, elsewhere, missing


def kb(size):
    return f"{size / 1024:8.1f}"


def transferred(totals):
    return sum(zipped for _raw, zipped in totals.values())


def report(totals, photos, elsewhere, missing):
    print(f"  {'':8} {'raw KB':>8} {'gzip KB':>8}")
    for kind in KINDS:
        raw, zipped = totals.get(kind, [0, 0])
        print(f"  {kind:8} {kb(raw)} {kb(zipped)}")
    raw = sum(raw for raw, _zipped in totals.values())
    zipped = transferred(totals)
    js = totals.get("js", [0, 0])[1]
    print(f"  {'total':8} {kb(raw)} {kb(zipped)}   {verdict(zipped, BUDGET_TOTAL)}")
    print(f"  {'of it js':8} {'':8} {kb(js)}   {verdict(js, BUDGET_JS)}")
    if photos[0]:
        print(f"  photos, not in the budget: {kb(photos[0]).strip()} KB")
    for address in elsewhere:
        print(f"  ! loaded from another site: {address}")
    for address in missing:
        print(f"  ! not found: {address}")


def verdict(size, budget):
    state = "within" if size <= budget else "OVER"
    return f"{state} the budget of {budget // 1024} KB"


def main(argv=None):
    args = parse_args(argv)
    workdir = configure()
    try:
        prepare(args.content)
        from django.test import Client
        from django.test.utils import setup_test_environment

        from services.models import ServicePage

        setup_test_environment()  # the test client's host, "testserver", is allowed
        client = Client()
        print("The heaviest service page of each language (KB = 1024 bytes);")
        print("the budgets apply to the gzipped figures, what is transferred.")
        for language_code in args.languages:
            pages = ServicePage.objects.live().filter(locale__language_code=language_code)
            weighed = [(page.url, weigh(client, page.url)) for page in pages]
            if not weighed:
                print(f"\n{language_code}: no service page")
                continue
            url, heaviest = max(weighed, key=lambda pair: transferred(pair[1][0]))
            print(f"\n{language_code}: {url} (heaviest of {len(weighed)})")
            report(*heaviest)
    finally:
        if workdir is not None:
            workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
