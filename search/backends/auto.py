"""Pick the backend from what the server says it is: OpenSearch 2 or 3, Elasticsearch 8 or 9.

Set SEARCH_BACKEND to one of those names to skip the question (and the round trip).
"""

import json
import logging
import time
import urllib.request
from importlib import import_module

logger = logging.getLogger(__name__)

_detected = {}  # url -> (module name, time of the answer)
RETRY_AFTER = 30  # seconds before asking again a server that did not answer


def engine_module(info):
    """The backend module for a server's root response (`GET /`)."""
    version = info.get("version", {})
    major = int(str(version.get("number", "0")).split(".")[0])
    if version.get("distribution") == "opensearch":
        return "opensearch3" if major >= 3 else "opensearch2"
    return "elasticsearch9" if major >= 9 else "elasticsearch8"


def detect(url, default):
    module, when = _detected.get(url, (None, 0))
    if module and (module != default or time.monotonic() - when < RETRY_AFTER):
        return module
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (configured URL)
            module = engine_module(json.load(response))
    except (OSError, ValueError) as error:
        logger.warning(
            "Search engine at %s did not say what it is (%s); assuming %s", url, error, default
        )
        _detected[url] = (default, time.monotonic())
        return default
    _detected[url] = (module, time.monotonic())
    return module


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    url = (params.get("URLS") or ["http://localhost:9200"])[0]
    module = detect(url, params.pop("DEFAULT_ENGINE", "opensearch2"))
    return import_module(f"search.backends.{module}").SearchBackend(params)
