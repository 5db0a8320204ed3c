"""How current each page is in each language.

For every Italian page and every other language, one of:
- `missing`: no translation (the language's tree shows the Italian page, as an alias);
- `in_progress`: a translation exists but is not published, or has unpublished changes;
- `outdated`: the Italian page was published after the translation was last synced or published;
- `machine`: machine-translated text that no person has saved and published since;
- `up_to_date`.
Computed in a bounded number of queries, whatever the number of pages.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

UP_TO_DATE = "up_to_date"
OUTDATED = "outdated"
MISSING = "missing"
MACHINE = "machine"
IN_PROGRESS = "in_progress"
STATUSES = [UP_TO_DATE, OUTDATED, MACHINE, IN_PROGRESS, MISSING]


@dataclass
class TranslationStatus:
    source_page: Page
    locale: Locale
    status: str
    translation: Page | None
    source_published_at: datetime | None
    translation_updated_at: datetime | None

    @property
    def key(self):
        from search.documents import page_key

        return page_key(self.source_page)

    def as_json(self):
        return {
            "key": self.key,
            "title": self.source_page.title,
            "locale": self.locale.language_code,
            "status": self.status,
            "source_published_at": _iso(self.source_published_at),
            "translation_updated_at": _iso(self.translation_updated_at),
        }


def _iso(value):
    return value.isoformat() if value else None


def source_pages():
    """The Italian pages that are translated: everything below the language roots."""
    return (
        Page.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, alias_of__isnull=True, depth__gte=2
        )
        .specific()
        .order_by("path")
    )


def target_locales(language_codes=None):
    locales = Locale.objects.exclude(language_code=settings.LANGUAGE_CODE)
    if language_codes:
        locales = locales.filter(language_code__in=language_codes)
    order = [code for code, _ in settings.LANGUAGES]
    return sorted(locales, key=lambda locale: order.index(locale.language_code))


def statuses(pages=None, language_codes=None):
    """TranslationStatus for each (page, language), pages first."""
    pages = list(source_pages() if pages is None else pages)
    locales = target_locales(language_codes)
    keys = [page.translation_key for page in pages]
    versions = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys, locale__in=locales).only(
            "id",
            "translation_key",
            "locale_id",
            "alias_of_id",
            "live",
            "has_unpublished_changes",
            "last_published_at",
            "latest_revision_created_at",
            "live_revision_id",
        )  # fmt: skip
    }
    synced = dict(
        TranslationSource.objects.filter(object_id__in=keys).values_list(
            "object_id", "last_updated_at"
        )
    )
    # When machine strings were last written, per page and language…
    machine = {
        (row["context__object_id"], row["locale_id"]): row["latest"]
        for row in StringTranslation.objects.filter(
            context__object_id__in=keys, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
        )
        .values("context__object_id", "locale_id")
        .annotate(latest=Max("updated_at"))
    }
    # …and whether the published version of each translation was saved by a person (imports
    # save as nobody; publishing in the translation editor or approving a draft keeps its author).
    live_revisions = [page.live_revision_id for page in versions.values() if page.live_revision_id]
    reviewed = dict(
        Revision.objects.filter(pk__in=live_revisions, user__isnull=False).values_list(
            "pk", "created_at"
        )
    )

    result = []
    for page in pages:
        for locale in locales:
            translation = versions.get((page.translation_key, locale.pk))
            status = _status(
                page,
                translation,
                synced.get(page.translation_key),
                machine.get((page.translation_key, locale.pk)),
                reviewed.get(translation.live_revision_id) if translation else None,
            )
            result.append(
                TranslationStatus(
                    source_page=page,
                    locale=locale,
                    status=status,
                    translation=None if status == MISSING else translation,
                    source_published_at=page.last_published_at,
                    translation_updated_at=(
                        None
                        if status == MISSING
                        else translation.last_published_at or translation.latest_revision_created_at
                    ),
                )
            )
    return result


def _status(page, translation, synced_at, machine_at, reviewed_at):
    if translation is None or translation.alias_of_id is not None:
        return MISSING
    if not translation.live or translation.has_unpublished_changes:
        return IN_PROGRESS
    published_at = translation.last_published_at
    caught_up = max(filter(None, [published_at, synced_at]), default=None)
    if page.last_published_at and (caught_up is None or page.last_published_at > caught_up):
        return OUTDATED
    if synced_at and published_at and synced_at > published_at:
        # Synced with the new Italian text, which is not translated and published yet.
        return IN_PROGRESS
    if machine_at and (reviewed_at is None or reviewed_at < machine_at):
        return MACHINE
    return UP_TO_DATE


def status_of(translation_page):
    """The status of one translated page (for the notices residents see), or None for the
    Italian pages and aliases."""
    if (
        translation_page.locale.language_code == settings.LANGUAGE_CODE
        or translation_page.alias_of_id
    ):
        return None
    source = (
        Page.objects.filter(
            translation_key=translation_page.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
            alias_of__isnull=True,
        )
        .specific()
        .first()
    )
    if source is None:
        return None
    return statuses([source], [translation_page.locale.language_code])[0]


def counts_by_language(all_statuses):
    counts = {}
    for item in all_statuses:
        per_language = counts.setdefault(item.locale.language_code, dict.fromkeys(STATUSES, 0))
        per_language[item.status] += 1
    return counts
