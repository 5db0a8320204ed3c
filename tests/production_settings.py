"""cms.settings.production loaded in a fresh interpreter with a given environment, as a server
would load it: importing it here would change the test settings it shares objects with."""

import json
import os
import subprocess
import sys

from django.conf import settings

BASE_ENV = {
    "SECRET_KEY": "a-long-random-secret-key-for-the-settings-tests-only-0123456789",
    "DATABASE_URL": "postgres://terre:secret@db.internal:5432/terre",
}


def load(names, **env):
    """The values of these settings, JSON-encoded and decoded (tuples become lists)."""
    code = (
        "import json, sys, cms.settings.production as s;"
        "print(json.dumps({n: getattr(s, n, None) for n in sys.argv[1:]}, default=str))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "SEARCH_", "REDIS_", "AWS_", "DJANGO_"))
    }
    environment.update(BASE_ENV, **env)
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
