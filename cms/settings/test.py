from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
MAP_TILE_URL = ""  # the map draws markers only: no tile requests from tests

if SEARCH_URL:  # noqa: F405
    import os

    # One index per test process (pytest-xdist worker), rebuilt at the start of the session.
    # Pages saved by tests are not indexed unless a test asks for it (tests/search_helpers.py):
    # transactions roll back, the engine's index would not. TEST_INDEX_TAG keeps test runs of
    # several checkouts sharing one node apart.
    tag = os.environ.get("TEST_INDEX_TAG", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"test_{tag}{worker}_"  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False  # noqa: F405
AXES_ENABLED = False  # tests log in with force_login; tests/test_security.py turns it on
