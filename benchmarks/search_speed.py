"""Search speed: query latency and indexing throughput, at the corpus size and at scale.

    .venv/bin/python benchmarks/search_speed.py [--pages 10000] [--queries 300]

Same set-up as search_quality.py: a throw-away SQLite database (unless DATABASE_URL is set),
migrated, the corpus imported with `import_content`, the engine's index built under a prefix of
its own (SEARCH_URL, default the local node http://127.0.0.1:9200). Then:

1. indexing at the corpus size: `update_index` on the engine (build a new index, every page's
   document made by the site's mapping, bulk requests, switch the alias), pages per second;
2. query latency of `search.engine.search()` exactly as the site calls it (engine query with
   facets and highlighting, then the database look-ups that turn hits into pages), sequential,
   after a warm-up, over a few hundred queries in every language (the dev queries and the first
   words of every corpus title): p50, p95, mean, and the engine's own `took`;
3. the same at scale: N synthetic items (default 10,000) in each of the ten languages, so
   10 × N pages, written to the database as real pages (rows copied from the corpus pages of the
   same type and language, with their taxonomy terms and sessions, in the page tree of their
   language; untranslated ones are aliases of the Italian page, as the importer makes them).
   They are written in bulk, not through the importer (which needs about 0.1 s per page, hours
   for 100,000): that time is reported apart. Then `update_index` again, timed (documents per
   second), the query latency on the big index, and the engine's JVM heap and process RSS.

Always exits 0: it is a benchmark, not a test. Use --pages 1000 for a quick run.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import (  # noqa: E402
    CORPUS_DIR,
    DEFAULT_CORPUS,
    DEFAULT_SEARCH_URL,
    configure,
    drop_index,
    prepare,
)

INDEX_PREFIX = "bench_speed_"
WARM_UP = 30
BATCH = 400  # pages per bulk insert


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus JSON file")
    parser.add_argument(
        "--queries-file", default=str(CORPUS_DIR / "queries-dev.json"), help="dev queries"
    )
    parser.add_argument(
        "--pages",
        type=int,
        default=10000,
        help="synthetic items per language, each in all ten languages (default %(default)s; "
        "0 skips the run at scale)",
    )
    parser.add_argument(
        "--queries", type=int, default=300, help="timed queries per round (%(default)s)"
    )
    parser.add_argument(
        "--search-url",
        default=os.environ.get("SEARCH_URL") or DEFAULT_SEARCH_URL,
        help="engine URL (default: $SEARCH_URL or %(default)s)",
    )
    parser.add_argument("--index-prefix", default=INDEX_PREFIX)
    parser.add_argument(
        "--keep-index", action="store_true", help="leave the benchmark's index on the engine"
    )
    return parser.parse_args(argv)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- queries ------------------------------------------------------------------------------------


def query_set(corpus, queries_file, count, seed=7):
    """The dev queries, and the first words of every title in every language, shuffled."""
    queries = [(q["q"], q["lang"]) for q in json.loads(Path(queries_file).read_text("utf-8"))]
    for item in corpus["items"]:
        for lang, texts in item["translations"].items():
            title = texts["title"]
            if lang == "zh-hans":  # no spaces: the first characters
                queries.append((title[: max(4, len(title) // 2)], lang))
            else:
                words = title.split()
                queries.append((" ".join(words[: max(2, len(words) // 2)]), lang))
    random.Random(seed).shuffle(queries)
    return (queries * (count // len(queries) + 1))[:count]


class TookRecorder:
    """Wraps the backend's raw_search to keep the engine's own time of each query."""

    def __init__(self, backend_class):
        self.backend_class = backend_class
        self.original = backend_class.raw_search
        self.took = []

    def __enter__(self):
        recorder = self

        def raw_search(backend, body):
            response = recorder.original(backend, body)
            recorder.took.append(response.get("took", 0))
            return response

        self.backend_class.raw_search = raw_search
        return self

    def __exit__(self, *exc):
        self.backend_class.raw_search = self.original


def time_queries(queries):
    """Sequential search() calls after a warm-up: (wall ms, engine took ms, backends seen)."""
    from wagtail.search.backends import get_search_backend

    from search.engine import search

    for text, lang in queries[:WARM_UP]:
        search(text, lang)
    backend = get_search_backend("default")
    wall, backends = [], set()
    with TookRecorder(type(backend)) as recorder:
        for text, lang in queries:
            started = time.perf_counter()
            response = search(text, lang)
            wall.append((time.perf_counter() - started) * 1000)
            backends.add(response.backend)
    return wall, recorder.took, backends


# --- indexing -----------------------------------------------------------------------------------


def engine_count(backend):
    """Documents (pages) in the engine's page index."""
    index = backend.page_index_name
    backend.es.indices.refresh(index=index)
    return int(backend.es.count(index=index)["count"])


def timed_update_index():
    """`update_index` on the engine only (the database backend is not what is measured)."""
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("update_index", backend_name="default", stdout=quiet, stderr=quiet)
    return time.perf_counter() - started


# --- synthetic pages ----------------------------------------------------------------------------


def sources():
    """Every corpus item as {language: its page in that language (translation or alias)}."""
    from wagtail.models import Locale

    from core.importer import page_model

    italian = Locale.objects.get(language_code="it")
    items = []
    for kind in ("service", "course", "event", "association"):
        model = page_model(kind)
        for page in model.objects.filter(locale=italian):
            versions = {
                p.locale.language_code: p
                for p in model.objects.filter(translation_key=page.translation_key).select_related(
                    "locale"
                )
            }
            items.append((kind, model, versions))
    return items


def copy_fields(instance, fields):
    return {field.attname: getattr(instance, field.attname) for field in fields}


class SyntheticWriter:
    """Bulk-writes clones of corpus pages as new live pages in the tree of their language."""

    def __init__(self, seed=11):
        from wagtail.models import Page

        from core.models import Municipality

        self.rng = random.Random(seed)
        self.items = sources()
        self.languages = sorted({lang for _, _, versions in self.items for lang in versions})
        self.municipalities = list(Municipality.objects.filter(locale__language_code="it"))
        # Parent of each (model, language): where the corpus page of that type lives.
        self.parents = {}
        self.next_step = {}
        for _, model, versions in self.items:
            for lang, page in versions.items():
                if (model, lang) not in self.parents:
                    parent = Page.objects.get(pk=page.get_parent().pk)
                    self.parents[(model, lang)] = parent
                    self.next_step[parent.pk] = parent.numchild
        self.created = 0
        self.counter = 0

    def child_path(self, parent):
        from wagtail.models import Page

        self.next_step[parent.pk] += 1
        return Page._get_path(parent.path, parent.depth + 1, self.next_step[parent.pk])

    def page_row(self, source, model, lang, number, translation_key, alias_of_id):
        from django.utils import timezone
        from wagtail.models import Page

        parent = self.parents[(model, lang)]
        row = Page(**copy_fields(source, Page._meta.concrete_fields))
        place = self.rng.choice(self.municipalities).name
        row.id = None
        row.title = f"{source.title} – {place}"
        row.draft_title = row.title
        row.slug = f"{source.slug[:60]}-s{number}"
        row.path = self.child_path(parent)
        row.depth = parent.depth + 1
        row.numchild = 0
        row.url_path = f"{parent.url_path}{row.slug}/"
        row.translation_key = translation_key
        row.alias_of_id = alias_of_id
        row.live = True
        row.has_unpublished_changes = False
        row.latest_revision_id = None
        row.live_revision_id = None
        row.locked = False
        row.locked_by_id = None
        row.first_published_at = row.last_published_at = timezone.now()
        return row

    def write(self, count):
        """Write `count` items, each in every language; returns the pages written."""
        from django.db import transaction

        written = 0
        with transaction.atomic():
            while written < count:
                batch = min(BATCH // len(self.languages) or 1, count - written)
                self.write_batch(batch)
                written += batch
        self.update_numchild()
        return written * len(self.languages)

    def write_batch(self, count):
        from wagtail.models import Page

        chosen = [self.rng.choice(self.items) for _ in range(count)]
        numbers, keys = [], []
        for _ in chosen:
            self.counter += 1
            numbers.append(self.counter)
            keys.append(uuid.uuid4())
        # Italian first: the other languages' aliases point at it.
        italian_rows = [
            self.page_row(versions["it"], model, "it", n, key, None)
            for (_, model, versions), n, key in zip(chosen, numbers, keys, strict=True)
        ]
        Page.objects.bulk_create(italian_rows)
        rows, specifics = [], []
        for (kind, model, versions), n, key, italian in zip(
            chosen, numbers, keys, italian_rows, strict=True
        ):
            specifics.append((kind, model, versions["it"], italian, n))
            for lang, source in versions.items():
                if lang == "it":
                    continue
                alias_of = italian.pk if source.alias_of_id else None
                rows.append(
                    (kind, model, source, n, self.page_row(source, model, lang, n, key, alias_of))
                )
        Page.objects.bulk_create([row for *_, row in rows])
        specifics += [(kind, model, source, row, n) for kind, model, source, n, row in rows]
        self.write_specific(specifics)
        self.created += len(specifics)

    def write_specific(self, specifics):
        """The page type's own table, its taxonomy terms and its inline rows (sessions...)."""
        by_model = {}
        for kind, model, source, row, number in specifics:
            by_model.setdefault(model, []).append((kind, source, row, number))
        for model, entries in by_model.items():
            fields = model._meta.local_concrete_fields
            objects = []
            for kind, source, row, number in entries:
                values = copy_fields(source, fields)
                values["page_ptr_id"] = row.pk
                if "import_key" in values:
                    values["import_key"] = f"{kind}-synthetic-{number}"
                objects.append(model(**values))
            model._base_manager._insert(objects, fields=fields, raw=True)
            self.write_relations(model, entries)

    def write_relations(self, model, entries):
        # Taxonomy terms (ParentalManyToManyField through tables).
        for name in ("topics", "audiences"):
            if not hasattr(model, name):
                continue
            through = getattr(model, name).through
            own = next(
                f for f in through._meta.fields if f.is_relation and f.related_model is model
            )
            other = next(
                f
                for f in through._meta.fields
                if f.is_relation and f.related_model is not model and f.name != "id"
            )
            sources_pk = [source.pk for _, source, _, _ in entries]
            terms = {}
            for link in through.objects.filter(**{f"{own.attname}__in": sources_pk}):
                terms.setdefault(getattr(link, own.attname), []).append(
                    getattr(link, other.attname)
                )
            through.objects.bulk_create(
                [
                    through(**{own.attname: row.pk, other.attname: term})
                    for _, source, row, _ in entries
                    for term in terms.get(source.pk, [])
                ]
            )
        # Inline rows (course sessions, spoken languages): ParentalKey children.
        for relation in model._meta.related_objects:
            if type(relation.field).__name__ != "ParentalKey":
                continue
            child = relation.related_model
            key = relation.field.attname
            sources_pk = [source.pk for _, source, _, _ in entries]
            existing = {}
            for obj in child.objects.filter(**{f"{key}__in": sources_pk}):
                existing.setdefault(getattr(obj, key), []).append(obj)
            fields = [f for f in child._meta.concrete_fields if not f.primary_key]
            clones = []
            for _, source, row, _ in entries:
                for obj in existing.get(source.pk, []):
                    values = copy_fields(obj, fields)
                    values[key] = row.pk
                    clones.append(child(**values))
            child.objects.bulk_create(clones)

    def update_numchild(self):
        from wagtail.models import Page

        for pk, steps in self.next_step.items():
            Page.objects.filter(pk=pk).update(numchild=steps)


# --- the engine's memory ------------------------------------------------------------------------


def engine_memory(search_url):
    """(heap used MiB, heap max MiB, RSS MiB or None) of the engine's node."""
    try:
        with urllib.request.urlopen(f"{search_url}/_nodes/stats/jvm,process", timeout=10) as r:  # noqa: S310
            node = next(iter(json.load(r)["nodes"].values()))
    except (OSError, ValueError, StopIteration):
        return None, None, None
    heap = node["jvm"]["mem"]
    rss = None
    pid_file = Path(__file__).resolve().parent.parent / ".search-node" / "pid"
    try:  # the local node (scripts/search-node): its resident memory
        pid = pid_file.read_text().strip()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return heap["heap_used_in_bytes"] / 2**20, heap["heap_max_in_bytes"] / 2**20, rss


def index_size(backend):
    stats = backend.es.indices.stats(index=backend.page_index_name, metric="store")
    return stats["_all"]["primaries"]["store"]["size_in_bytes"] / 2**20


# --- report -------------------------------------------------------------------------------------


def latency_row(label, wall, took, backends):
    return (
        f"{label:<36} {len(wall):>5} {statistics.median(wall):>7.1f} "
        f"{percentile(wall, 0.95):>7.1f} "
        f"{statistics.mean(wall):>7.1f} {statistics.median(took) if took else 0:>7.0f} "
        f"{percentile(took, 0.95) if took else 0:>7.0f}   {', '.join(sorted(backends))}"
    )


def main(argv=None):
    args = parse_args(argv)
    workdir, engine = configure(args)
    try:
        if not engine:
            print("The speed benchmark needs the engine: scripts/search-node start")
            return 0
        run(args)
    except Exception as error:  # noqa: BLE001 (a benchmark reports, it does not fail)
        import traceback

        traceback.print_exc()
        print(f"\nbenchmark failed: {error}")
    finally:
        if engine and not args.keep_index:
            try:
                drop_index(args.index_prefix)
            except Exception:  # noqa: BLE001, S110
                pass
        if workdir is not None:
            from django.db import connections

            connections.close_all()
            workdir.cleanup()
    return 0


def run(args):
    from django.conf import settings
    from wagtail.search.backends import get_search_backend

    corpus = json.loads(Path(args.corpus).read_text(encoding="utf-8"))
    setup = prepare(Path(args.corpus))
    backend = get_search_backend("default")
    queries = query_set(corpus, args.queries_file, args.queries)
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    heap_max = engine_memory(args.search_url)[1]
    print(
        f"\nSearch speed, {started}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"engine {getattr(backend, 'engine_name', '?')} at {args.search_url}, heap max "
        f"{heap_max or 0:.0f} MiB; database "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    print(
        "set-up: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in setup.items())
        + f" (corpus: {len(corpus['items'])} items)"
    )

    indexing = []
    seconds = timed_update_index()
    pages = engine_count(backend)
    indexing.append(("update_index, corpus", pages, seconds))
    latency = [("corpus", *time_queries(queries))]
    size_small = index_size(backend)

    if args.pages > 0:
        writer = SyntheticWriter()
        started_at = time.perf_counter()
        written = writer.write(args.pages)
        write_seconds = time.perf_counter() - started_at
        seconds = timed_update_index()
        pages = engine_count(backend)
        indexing.append((f"update_index, corpus + {args.pages} x 10", pages, seconds))
        latency.append((f"corpus + {args.pages} x 10 languages", *time_queries(queries)))
        size_big = index_size(backend)
    used, maximum, rss = engine_memory(args.search_url)

    print(f"\n{'indexing (engine)':<36} {'pages':>7} {'seconds':>8} {'pages/s':>8}")
    for label, count, secs in indexing:
        print(f"{label:<36} {count:>7} {secs:>8.1f} {count / secs:>8.0f}")
    if args.pages > 0:
        print(
            f"(synthetic pages written to the database in bulk: {written} in {write_seconds:.1f} s,"
            f" {written / write_seconds:.0f} pages/s; not part of the figures above)"
        )
    print(
        f"\n{'query latency, search() (ms)':<36} {'n':>5} {'p50':>7} {'p95':>7} {'mean':>7} "
        f"{'took50':>7} {'took95':>7}   backend"
    )
    for label, wall, took, backends in latency:
        print(latency_row(label, wall, took, backends))
    print("(took: the engine's own time for the query, facets and highlighting)")
    print(f"\nindex size: {size_small:.1f} MiB for the corpus", end="")
    print(f", {size_big:.0f} MiB at scale" if args.pages > 0 else "")
    if used is not None:
        print(
            f"engine memory after the run: heap {used:.0f} MiB used of {maximum:.0f} MiB"
            + (f", process RSS {rss:.0f} MiB" if rss else "")
        )


if __name__ == "__main__":
    sys.exit(main())
