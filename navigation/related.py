"""Pages related to a page: the live pages sharing the most topics with it.

Topics are on the Italian originals (each translation points at the same Italian terms), and
every page type with topics has its own link table. The ranking is one query (a UNION over
those tables, on the Italian pages); the pages in the visitor's language are one more, plus
Wagtail's check of private sections. The count does not grow with the number of pages.
"""

from functools import cache

from django.conf import settings
from django.db.models import Count, F
from wagtail.models import Page, get_page_models

from core.models import Topic

CANDIDATES = 12  # ranked keys fetched; a few may be private or missing in the language


@cache
def _topic_links():
    """(link table, name of its page column) of every page type with topics."""
    links = []
    for model in get_page_models():
        field = next((f for f in model._meta.local_many_to_many if f.name == "topics"), None)
        if field is not None and field.related_model is Topic:
            through = field.remote_field.through
            page_column = next(f.name for f in through._meta.fields if f.related_model is model)
            links.append((through, page_column))
    return links


def _italian_topics(through, page_column, translation_key):
    """The topics of the Italian page with this key, as a subquery on one link table."""
    return through.objects.filter(
        **{
            f"{page_column}__translation_key": translation_key,
            f"{page_column}__locale__language_code": settings.LANGUAGE_CODE,
        }
    ).values("topic_id")


def related_pages(page, language_code, limit=4):
    """Up to `limit` live pages in `language_code` sharing the most topics with `page`,
    the ones sharing more first (then the most recently published)."""
    links = _topic_links()
    own = next(
        ((t, c) for t, c in links if isinstance(page, t._meta.get_field(c).related_model)),
        None,
    )
    if own is None:
        return []
    topics = _italian_topics(*own, page.translation_key)
    ranked = []
    for through, column in links:
        ranked.append(
            through.objects.filter(
                topic_id__in=topics,
                **{
                    f"{column}__live": True,
                    f"{column}__alias_of__isnull": True,
                    f"{column}__locale__language_code": settings.LANGUAGE_CODE,
                },
            )
            .exclude(**{f"{column}__translation_key": page.translation_key})
            .values(
                key=F(f"{column}__translation_key"), published=F(f"{column}__last_published_at")
            )
            .annotate(shared=Count("topic_id"))
            .order_by()
        )
    union = ranked[0].union(*ranked[1:], all=True).order_by("-shared", "-published")
    keys = [row["key"] for row in union[:CANDIDATES]]
    if not keys:
        return []
    found = {
        p.translation_key: p
        for p in Page.objects.live()
        .public()
        .filter(translation_key__in=keys, locale__language_code=language_code)
        .select_related("locale")
    }
    return [found[key] for key in keys if key in found][:limit]
