"""Workaround: opensearch-py shadowed by this project's `events` app.

opensearch-py (2.6 and later, 3.x too) does `from events import Events` at import time, meaning
the small PyPI package "Events". This project has a Django app called `events` at the top level,
which hides that package, so importing opensearch-py fails. We load the PyPI package's module
under a private name and give our app module the one attribute opensearch-py asks for.

Remove when opensearch-py stops importing `events` at module level
(opensearchpy/metrics/metrics_events.py), or if the app is ever renamed.
"""

import importlib.util
import sys
from importlib.metadata import PackageNotFoundError, distribution


def install():
    import events as portal_events

    if hasattr(portal_events, "Events"):
        return
    try:
        path = distribution("Events").locate_file("events/events.py")
    except PackageNotFoundError:
        return  # opensearch-py is not installed: nothing to fix
    spec = importlib.util.spec_from_file_location("_pypi_events", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    portal_events.Events = module.Events
