import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from .items import content_file, item
from .search_helpers import engine, live_indexing  # noqa: F401 (fixtures)

DEMO_CONTENT = Path(settings.BASE_DIR) / "home" / "fixtures" / "demo-content.json"
CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "terre-di-inclusione.json"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the site in ten languages and the project's demo content,
    imported once per test process; each test then runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        quiet = open("/dev/null", "w")
        call_command("import_content", str(DEMO_CONTENT), stdout=quiet)
        if settings.SEARCH_URL:
            # This process's own index on the real engine, built from the demo content.
            call_command("update_index", backend_name="default", stdout=quiet)


@pytest.fixture(autouse=True)
def fresh_collections():
    """Cached collection results (listings) outlive each test's rolled-back transaction."""
    from listings.criteria import bump_version

    bump_version()


@pytest.fixture
def demo_content():
    return json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))


@pytest.fixture
def corpus_path():
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not here ({CORPUS}); CI always has it")
    return CORPUS


@pytest.fixture
def import_json(tmp_path):
    """Import a dict (or a path) with the real command."""

    def run(data, name="content.json"):
        if isinstance(data, dict):
            path = tmp_path / name
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        else:
            path = data
        call_command("import_content", str(path), stdout=open("/dev/null", "w"))

    return run


@pytest.fixture
def italian_only_service(import_json):
    """A service imported in Italian only: the Arabic and Chinese trees get an alias of it,
    which shows the Italian text."""
    only_italian = item(
        "service",
        "solo-italiano",
        translations={
            "it": {
                "title": "Sportello solo in italiano",
                "summary": "Un servizio non ancora tradotto.",
                "body": "Testo in italiano.",
            }
        },
    )
    content = content_file(only_italian)
    content["locales"] = ["it", "ar", "zh-hans"]
    import_json(content)
