"""Load benchmark: gunicorn on loopback with production settings, driven by wrk (Debian's).

    .venv/bin/python benchmarks/load.py [--duration 20] [--connections 20] [--workers 2]

Set-up: a throw-away SQLite database (or DATABASE_URL), migrated, the demo content imported,
static files collected (CompressedManifestStaticFilesStorage), the search index built when
SEARCH_URL is set. Then gunicorn (cms.settings.production, DEBUG off) runs twice: with the page
cache off ("uncached") and on ("cached", after one warm-up request per URL). For each, wrk
drives the home page, a service page, the event listing and a search, --connections clients for
--duration seconds each, and prints requests/s and p50/p95 latency. Memory: the resident size of
each gunicorn worker after the runs, and the peak resident size of the content import.

Needs wrk (`apt-get install wrk`). Always exits 0 when it could measure: it is a benchmark.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# wrk prints its own summary; this Lua hook adds p50/p95 in milliseconds as one JSON line.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "errors": %d, "seconds": %f, "p50": %f, "p95": %f}\\n',
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""
URLS_CODE = """
import json
from django.utils import translation
from django.urls import reverse
from events.models import EventIndexPage
from services.models import ServicePage
service = ServicePage.objects.live().filter(locale__language_code="it").order_by("path").first()
events = EventIndexPage.objects.live().filter(locale__language_code="it").first()
with translation.override("it"):
    search = reverse("search")
print(json.dumps({
    "home page": "/it/",
    "service page": service.url,
    "event listing": events.url,
    "search": search + "?q=corso+di+italiano",
}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip


def import_peak(env, path):
    """Import the content in a process of its own; its peak resident size in MB."""
    code = (
        "import atexit, resource, sys;"
        "atexit.register(lambda: print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " file=sys.stderr));"
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'import_content', sys.argv[1]])"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, str(path)], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return int(result.stderr.split("peak")[-1].split()[0]) / 1024


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()]


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def wrk(url, duration, connections, script):
    result = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections),
         "--duration", f"{duration}s", "--timeout", "10s", "--script", script, url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="tdi-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "SEARCH_INDEX_PREFIX": "loadbench_",
        "LOG_LEVEL": "WARNING",
    }
    print(f"Setting up in {work} (migrate, demo content, static files) …", file=sys.stderr)
    manage(env, "migrate", "--noinput", capture=True)
    import_peak_mb = import_peak(env, ROOT / "home/fixtures/demo-content.json")
    manage(env, "collectstatic", "--noinput", capture=True)
    if env.get("SEARCH_URL"):
        manage(env, "update_index", capture=True)
    urls = json.loads(manage(env, "shell", "-c", URLS_CODE, capture=True).stdout.splitlines()[-1])
    script = work / "report.lua"
    script.write_text(WRK_SCRIPT)

    rows, memory = [], []
    for mode, seconds in (("uncached", "0"), ("cached", "300")):
        port = free_port()
        server = start_gunicorn({**env, "PAGE_CACHE_SECONDS": seconds}, port, options.workers)
        try:
            for name, path in urls.items():
                url = f"http://127.0.0.1:{port}{path}"
                urllib.request.urlopen(url, timeout=30).read()  # warm-up (fills the cache)
                figures = wrk(url, options.duration, options.connections, script)
                rows.append((name, mode, figures))
            memory += [(mode, pid, rss_mb(pid)) for pid in worker_pids(server.pid)]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    print(f"\n{options.connections} clients, {options.duration} s per scenario, "
          f"{options.workers} gunicorn workers, {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'scenario':<16} {'cache':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, mode, f in rows:
        print(f"{name:<16} {mode:<9} {f['rps']:>8.0f} {f['p50']:>8.1f} {f['p95']:>8.1f} "
              f"{f['errors']:>7}")  # fmt: skip
    print()
    for mode, pid, mb in memory:
        print(f"gunicorn worker {pid} ({mode} run): {mb:.0f} MB resident after the run")
    print(f"demo content import: peak {import_peak_mb:.0f} MB resident")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
