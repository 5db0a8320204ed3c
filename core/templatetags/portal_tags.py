"""Template tags of the public site: language versions, hreflang, navigation, taxonomy names.

A page not yet translated into a language is, in that language's tree, a Wagtail *alias* of
the Italian page: its content is Italian. These tags tell the templates which version of a
page exists in which language, and what language a page's content is really written in.

Query budget per request: the versions of the current page (1 query), the home pages of every
language when a fallback is needed (1), the primary navigation (2), the taxonomy names in the
active language (at most 1 per taxonomy model); Wagtail caches the site root paths itself.
"""

from dataclasses import dataclass

from asgiref.local import Local
from django import template
from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from django.urls import Resolver404, resolve, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, get_language_info
from wagtail.models import Page, Site

register = template.Library()

SOURCE_LANGUAGE = settings.LANGUAGE_CODE


@dataclass
class LanguageVersion:
    code: str
    name: str
    url: str
    is_current: bool
    translated: bool
    bidi: bool
    fallback: bool = False  # no version of the page in this language: the url is its home

    @property
    def hreflang(self):
        return hreflang_code(self.code)


def hreflang_code(code):
    """Django's language code as BCP 47 wants it in hreflang: 'zh-hans' -> 'zh-Hans'."""
    language, _, rest = code.partition("-")
    if not rest:
        return language
    if len(rest) == 4:  # a script subtag
        return f"{language}-{rest.title()}"
    return f"{language}-{rest.upper()}"


def _bidi(code):
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return False


def _request(context):
    return context.get("request")


def _cached(request, name, compute):
    """Compute a value once per request (several tags need the same data)."""
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_portal_tags_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _current_site(request):
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.select_related("root_page").filter(is_default_site=True).first()


def language_homes(request):
    """{language code: live home page} for every language with one, in one query."""

    def compute():
        site = _current_site(request)
        if site is None:
            return {}
        homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
        return {home.locale.language_code: home for home in homes}

    return _cached(request, "homes", compute)


def _home_url(request, code, homes):
    home = homes.get(code)
    url = home.get_url(request) if home is not None else None
    return url or f"/{code}/"


def _versions_of_page(page, request):
    """{language code: (url, is real translation)} of the live versions of `page`."""
    found = {}
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    for version in translations:
        url = version.get_url(request)
        if url:
            found[version.locale.language_code] = (url, version.alias_of_id is None)
    return found


def _versions_of_view(request):
    """For a Django view under i18n_patterns (search): the same view in every language."""
    found = {}
    if request is None:
        return found
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return found
    if match.url_name == "wagtail_serve":
        return found
    query = request.META.get("QUERY_STRING", "")
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        if url != request.path or code == get_language():
            found[code] = (f"{url}?{query}" if query else url, True)
    return found


def get_language_versions(page, request):
    current = get_language()

    def compute():
        if isinstance(page, Page) and page.pk:
            found = _versions_of_page(page, request)
        else:
            found = _versions_of_view(request)
        homes = language_homes(request) if len(found) < len(settings.LANGUAGES) else {}
        versions = []
        for code, name in settings.LANGUAGES:
            fallback = code not in found
            url, translated = found.get(code) or (_home_url(request, code, homes), False)
            versions.append(
                LanguageVersion(
                    code=code,
                    name=name,
                    url=url,
                    is_current=code == current,
                    translated=translated,
                    bidi=_bidi(code),
                    fallback=fallback,
                )
            )
        return versions

    key = f"versions:{getattr(page, 'pk', None)}:{current}"
    return _cached(request, key, compute)


@register.simple_tag(takes_context=True)
def language_versions(context, page=None):
    """{% language_versions page as versions %}: one entry per site language, in order."""
    return get_language_versions(page, _request(context))


@register.filter
def translated_elsewhere(versions):
    """The real translations among `versions` other than the current language and Italian."""
    return [v for v in versions if v.translated and not v.is_current and v.code != SOURCE_LANGUAGE]


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context, page=None):
    """Alternate links to the real versions of a page (never to aliases), and x-default.

    Only for Wagtail pages: search results and error pages are not worth indexing."""
    request = _request(context)
    if not (isinstance(page, Page) and page.pk):
        return {"links": [], "x_default": None, "canonical": None}
    versions = get_language_versions(page, request)

    def absolute(url):
        return request.build_absolute_uri(url) if request is not None else url

    links = [(v.hreflang, absolute(v.url)) for v in versions if v.translated]
    italian = next((v for v in versions if v.code == SOURCE_LANGUAGE and v.translated), None)
    if page.alias_of_id and italian is not None:
        # An untranslated page repeats the Italian one: that is the one to index.
        canonical = absolute(italian.url)
    else:
        current = next((v for v in versions if v.is_current and v.translated), None)
        canonical = absolute(current.url) if current else None
    return {
        "links": links,
        "x_default": absolute(italian.url) if italian is not None else None,
        "canonical": canonical,
    }


def content_language_of(page):
    """The language a page's content is written in: an alias shows the Italian source."""
    if page is None:
        return get_language()
    if getattr(page, "alias_of_id", None):
        # wagtail-localize makes every other language's tree an alias of the Italian one.
        return SOURCE_LANGUAGE
    if isinstance(page, Page) and Page.locale.is_cached(page):
        return page.locale.language_code
    # A page is served under its own language's prefix: no need to fetch its locale.
    return get_language()


@register.filter
def content_language(page):
    """{{ page|content_language }}: 'it' for an untranslated (alias) page."""
    return content_language_of(page)


@register.filter
def untranslated(page):
    """True when the page is shown in another language than the visitor's (an alias)."""
    return bool(getattr(page, "alias_of_id", None)) and get_language() != SOURCE_LANGUAGE


@register.simple_tag
def lang_attrs(language_code):
    """lang="xx" dir="ltr|rtl" for an element whose text is in `language_code`."""
    return format_html(
        ' lang="{}" dir="{}"', language_code, "rtl" if _bidi(language_code) else "ltr"
    )


@register.simple_tag
def ui_lang_attrs():
    """lang and dir of the visitor's language, for interface labels inside Italian content."""
    return format_html(
        ' lang="{}" dir="{}"', get_language(), "rtl" if get_language_bidi() else "ltr"
    )


# --- Navigation ---------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def language_home(context):
    """The home page of the visitor's language (or the site root if it has none)."""
    request = _request(context)
    homes = language_homes(request)
    home = homes.get(get_language()) or homes.get(SOURCE_LANGUAGE)
    if home is None:
        site = _current_site(request)
        home = site.root_page if site else None
    return home


@register.simple_tag(takes_context=True)
def primary_navigation(context, current_page=None):
    """The sections of the visitor's language: the home's live children shown in menus (all
    of them if none is marked for menus), each with `url`, `title` and `current`
    ("page" for the section itself, "true" inside it, "" elsewhere)."""
    request = _request(context)

    def compute():
        home = language_home(context)
        if home is None:
            return []
        children = list(home.get_children().live().public())
        in_menu = [child for child in children if child.show_in_menus]
        return [(child, child.get_url(request)) for child in (in_menu or children)]

    items = []
    for child, url in _cached(request, f"nav:{get_language()}", compute):
        current = ""
        if isinstance(current_page, Page) and current_page.pk:
            if current_page.pk == child.pk:
                current = "page"
            elif current_page.path.startswith(child.path):
                current = "true"
        items.append({"page": child, "title": child.title, "url": url, "current": current})
    return items


# --- Taxonomy names ----------------------------------------------------------------------

_names = Local()


def _clear_names(**kwargs):
    _names.cache = {}


request_started.connect(_clear_names, dispatch_uid="portal_tags_clear_names")


def _names_in(model, language_code):
    cache = getattr(_names, "cache", None)
    if cache is None:
        cache = _names.cache = {}
    key = (model._meta.label, language_code)
    if key not in cache:
        cache[key] = dict(
            model.objects.filter(locale__language_code=language_code).values_list(
                "translation_key", "name"
            )
        )
    return cache[key]


@register.filter
def localized_name(obj):
    """{{ topic|localized_name }}: a topic, audience or municipality's name in the visitor's
    language (the Italian name if it has no translation). One query per taxonomy and request."""
    if obj is None:
        return ""
    translation_key = getattr(obj, "translation_key", None)
    if translation_key is None:
        return str(obj)
    return _names_in(type(obj), get_language()).get(translation_key) or obj.name


def _connect_taxonomy_signals():
    from core.models import Audience, Municipality, Topic

    for model in (Topic, Audience, Municipality):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                _clear_names, sender=model, dispatch_uid=f"portal_tags_{name}_{model.__name__}"
            )


_connect_taxonomy_signals()


# --- Small helpers -----------------------------------------------------------------------


@register.simple_tag
def site_name():
    """The portal's name, the same in every language."""
    return getattr(settings, "WAGTAIL_SITE_NAME", "Terre di Inclusione")


@register.filter
def is_checkbox_filter(field):
    """True for a yes/unknown filter (NullBooleanSelect): shown as one checkbox."""
    from django.forms import NullBooleanSelect

    form_field = getattr(field, "field", None)
    return isinstance(getattr(form_field, "widget", None), NullBooleanSelect)


@register.filter
def page_type(page):
    """The model name of a specific page ('servicepage', 'coursepage', …) for cards."""
    return page._meta.model_name if hasattr(page, "_meta") else ""


@register.filter
def tel_href(phone):
    """A phone number as a tel: link target: digits and a leading +."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"tel:+{digits}" if phone.startswith("+") else f"tel:{digits}"


@register.filter
def website_label(url):
    """A website address without its scheme and trailing slash, for display."""
    url = url or ""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.removeprefix("www.").rstrip("/")


@register.filter
def file_extension(document):
    """A document's file type in capitals: PDF, DOCX, …"""
    try:
        return (document.file_extension or "").upper()
    except (AttributeError, ValueError):
        return ""


@register.filter
def file_size(document):
    """A document's size, or None when the file is missing."""
    try:
        return document.get_file_size()
    except (AttributeError, OSError, ValueError):
        return None
