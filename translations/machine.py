"""Machine translation in wagtail-localize's translation editor, chosen per target language.

DeepL translates the languages it supports; a self-hosted LibreTranslate the others (or no
service at all). `translator_setting()` builds WAGTAILLOCALIZE_MACHINE_TRANSLATOR from the
environment (cms/settings/base.py calls it): without DEEPL_API_KEY or LIBRETRANSLATE_URL the
setting is absent and the editor shows no "Translate with …" button. docs/machine-translation.md
has the variables.

wagtail-localize's machine_translate view does not catch a translator's exceptions: a service
that fails or times out would be a server error. The translator raises MachineTranslationError
with a message meant for the translator, and MachineTranslationErrorMiddleware turns it into an
error message in the editor they came from.

This module is imported by the settings: keep its top-level imports free of anything that needs
configured settings or a loaded app registry.
"""

import logging

import requests
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

logger = logging.getLogger(__name__)

# Site languages DeepL translates into (https://developers.deepl.com, "Languages supported").
DEEPL_DEFAULT_LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "uk"]
# DeepL's target codes where they are not the upper-cased language code. English must name a
# variant (plain EN is deprecated); ZH-HANS asks for simplified characters explicitly.
DEEPL_TARGET_CODES = {"en": "EN-GB", "pt": "PT-PT", "zh-hans": "ZH-HANS", "zh-hant": "ZH-HANT"}
DEEPL_FREE_URL = "https://api-free.deepl.com"
DEEPL_PRO_URL = "https://api.deepl.com"
# LibreTranslate uses the codes of the Argos models it has installed: "zh" for simplified
# Chinese in most self-hosted servers; newer model sets call it "zh-Hans"
# (LIBRETRANSLATE_LANGUAGE_CODES=zh-hans:zh-Hans).
LIBRETRANSLATE_DEFAULT_CODES = {"zh-hans": "zh", "zh-hant": "zt"}

DEFAULT_TIMEOUT = 10.0
# DeepL takes at most 50 texts and 128 KiB per request; LibreTranslate servers may set their
# own --batch-limit, and smaller requests keep each one well inside the timeout.
MAX_TEXTS = 50
MAX_BYTES = 100 * 1024


class MachineTranslationError(Exception):
    """A machine translation that failed; str() is a message for the translator."""


# Configuration


def _language_list(environ, name, default, site_languages):
    value = environ.get(name, "").strip()
    if not value:
        return list(default)
    codes = [code.strip().lower() for code in value.split(",") if code.strip()]
    unknown = [code for code in codes if code not in site_languages]
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: {', '.join(unknown)} not among the site's languages "
            f"({', '.join(site_languages)})"
        )
    return codes


def _code_map(environ, name, default):
    """Parse "zh-hans:zh-Hans,pt:pb" into {"zh-hans": "zh-Hans", "pt": "pb"}, over the defaults."""
    codes = dict(default)
    for pair in environ.get(name, "").split(","):
        if not pair.strip():
            continue
        language, sep, code = pair.partition(":")
        if not sep or not language.strip() or not code.strip():
            raise ImproperlyConfigured(f"{name}: {pair.strip()!r} is not language:code")
        codes[language.strip().lower()] = code.strip()
    return codes


def translator_setting(environ, languages, source_language="it"):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR from environment variables, or None when no service
    is configured.

    `languages` are the site's language codes and `source_language` the one pages are written
    in; every other language goes to at most one service, DeepL first.
    """
    targets = [code.lower() for code in languages if code.lower() != source_language.lower()]
    timeout_value = environ.get("MT_TIMEOUT", "").strip()
    try:
        timeout = float(timeout_value) if timeout_value else DEFAULT_TIMEOUT
    except ValueError:
        timeout = 0
    if not timeout > 0:
        raise ImproperlyConfigured(f"MT_TIMEOUT: {timeout_value!r} is not a number of seconds > 0")

    options = {"SOURCE_LANGUAGE": source_language.lower(), "TIMEOUT": timeout}
    deepl_languages = []
    key = environ.get("DEEPL_API_KEY", "").strip()
    if key:
        deepl_languages = _language_list(
            environ,
            "DEEPL_LANGUAGES",
            [code for code in DEEPL_DEFAULT_LANGUAGES if code in targets],
            targets,
        )
        url = environ.get("DEEPL_API_URL", "").strip() or (
            DEEPL_FREE_URL if key.endswith(":fx") else DEEPL_PRO_URL
        )
        options["DEEPL"] = {
            "API_KEY": key,
            "API_URL": url.rstrip("/"),
            "LANGUAGES": deepl_languages,
        }

    url = environ.get("LIBRETRANSLATE_URL", "").strip()
    if url:
        libre_languages = _language_list(
            environ,
            "LIBRETRANSLATE_LANGUAGES",
            [code for code in targets if code not in deepl_languages],
            targets,
        )
        options["LIBRETRANSLATE"] = {
            "URL": url.rstrip("/"),
            "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", "").strip(),
            # A language given to both services goes to DeepL.
            "LANGUAGES": [code for code in libre_languages if code not in deepl_languages],
            "CODES": _code_map(
                environ, "LIBRETRANSLATE_LANGUAGE_CODES", LIBRETRANSLATE_DEFAULT_CODES
            ),
        }

    if "DEEPL" not in options and "LIBRETRANSLATE" not in options:
        return None
    return {"CLASS": "translations.machine.PerLanguageTranslator", "OPTIONS": options}


# Services


def _batches(texts):
    batch, size = [], 0
    for text in texts:
        length = len(text.encode()) + 16  # JSON quoting and separators
        if batch and (len(batch) >= MAX_TEXTS or size + length > MAX_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += length
    if batch:
        yield batch


def _problem(response):
    """What the service said was wrong: DeepL answers {"message": …}, LibreTranslate
    {"error": …}; anything else is summed up by the status line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for field in ("message", "error", "detail"):
            if isinstance(body.get(field), str) and body[field].strip():
                return body[field].strip()[:300]
    return response.reason or ""


class Service:
    name = ""

    def __init__(self, options, timeout):
        self.options = options
        self.timeout = timeout
        self.languages = set(options["LANGUAGES"])

    def error(self, target_locale, problem):
        return MachineTranslationError(
            _("%(service)s could not translate into %(language)s: %(problem)s")
            % {
                "service": self.name,
                "language": target_locale.get_display_name(),
                "problem": problem,
            }
        )

    def post(self, url, payload, target_locale, headers=None):
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=self.timeout)
        except requests.Timeout as exc:
            logger.warning("%s timed out after %ss (%s)", self.name, self.timeout, url)
            seconds = f"{self.timeout:g}"
            raise self.error(
                target_locale,
                ngettext(
                    "no answer within %(seconds)s second. Try again later.",
                    "no answer within %(seconds)s seconds. Try again later.",
                    int(self.timeout),
                )
                % {"seconds": seconds},
            ) from exc
        except requests.RequestException as exc:
            logger.warning("%s unreachable (%s): %s", self.name, url, exc)
            raise self.error(
                target_locale, _("the service cannot be reached. Try again later.")
            ) from exc

        if response.status_code != 200:
            problem = _problem(response)
            logger.warning("%s answered %s (%s): %s", self.name, response.status_code, url, problem)
            if response.status_code in (401, 403):
                hint = _("the service refused the API key; tell the site's administrators.")
            elif response.status_code == 429:
                hint = _("too many requests; try again in a few minutes.")
            elif response.status_code == 456:
                hint = _(
                    "the monthly translation quota is used up; tell the site's administrators."
                )
            else:
                hint = _("the service answered with an error.")
            detail = f"HTTP {response.status_code}" + (f", {problem}" if problem else "")
            raise self.error(target_locale, f"{hint} ({detail})")
        try:
            return response.json()
        except ValueError as exc:
            raise self.error(target_locale, _("the answer is not a translation.")) from exc

    def translate(self, texts, source_locale, target_locale):
        translated = []
        for batch in _batches(texts):
            result = self.translate_batch(batch, source_locale, target_locale)
            if (
                not isinstance(result, list)
                or len(result) != len(batch)
                or not all(isinstance(text, str) for text in result)
            ):
                raise self.error(
                    target_locale, _("the answer does not match the texts that were sent.")
                )
            translated.extend(result)
        return translated


class DeepL(Service):
    """DeepL API v2: POST /v2/translate, JSON, key in the Authorization header."""

    name = "DeepL"

    @staticmethod
    def target_code(language_code):
        return DEEPL_TARGET_CODES.get(language_code, language_code.upper())

    @staticmethod
    def source_code(language_code):
        # Source languages have no variants: EN, PT, ZH.
        return language_code.split("-")[0].upper()

    def translate_batch(self, texts, source_locale, target_locale):
        answer = self.post(
            f"{self.options['API_URL']}/v2/translate",
            {
                "text": texts,
                "source_lang": self.source_code(source_locale.language_code),
                "target_lang": self.target_code(target_locale.language_code),
                # Segments are HTML fragments: inline tags (<a id="a1">, <b>) stay in place.
                "tag_handling": "html",
            },
            target_locale,
            headers={"Authorization": f"DeepL-Auth-Key {self.options['API_KEY']}"},
        )
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list):
            return None
        return [item.get("text") if isinstance(item, dict) else None for item in translations]


class LibreTranslate(Service):
    """LibreTranslate: POST /translate, JSON, key in the body; `q` as a list translates a batch."""

    name = "LibreTranslate"

    def code(self, language_code):
        return self.options["CODES"].get(language_code, language_code)

    def translate_batch(self, texts, source_locale, target_locale):
        payload = {
            "q": texts,
            "source": self.code(source_locale.language_code),
            "target": self.code(target_locale.language_code),
            "format": "html",
        }
        if self.options.get("API_KEY"):
            payload["api_key"] = self.options["API_KEY"]
        answer = self.post(f"{self.options['URL']}/translate", payload, target_locale)
        return answer.get("translatedText") if isinstance(answer, dict) else None


# The translator


class PerLanguageTranslator(BaseMachineTranslator):
    """DeepL or LibreTranslate, by target language (OPTIONS from translator_setting())."""

    def __init__(self, options):
        super().__init__(options)
        timeout = float(options.get("TIMEOUT", DEFAULT_TIMEOUT))
        self.services = []
        if options.get("DEEPL"):
            self.services.append(DeepL(options["DEEPL"], timeout))
        if options.get("LIBRETRANSLATE"):
            self.services.append(LibreTranslate(options["LIBRETRANSLATE"], timeout))
        self.current = None

    @property
    def display_name(self):
        # wagtail-localize reads display_name after can_translate()/translate() for the same
        # target: the button says "Translate with DeepL", StringTranslation.tool_name records
        # the service that made the text.
        if self.current:
            return self.current.name
        return " / ".join(service.name for service in self.services) or "Machine translation"

    def service_for(self, target_locale):
        code = target_locale.language_code.lower()
        return next((service for service in self.services if code in service.languages), None)

    def can_translate(self, source_locale, target_locale):
        if source_locale.language_code.lower() == target_locale.language_code.lower():
            return False
        self.current = self.service_for(target_locale)
        return self.current is not None

    def translate(self, source_locale, target_locale, strings):
        service = self.service_for(target_locale)
        if service is None:
            raise MachineTranslationError(
                _("No machine translation service is configured for %(language)s.")
                % {"language": target_locale.get_display_name()}
            )
        self.current = service
        strings = list(strings)
        translated = service.translate(
            [string.data for string in strings], source_locale, target_locale
        )
        return {string: StringValue(text) for string, text in zip(strings, translated, strict=True)}


class MachineTranslationErrorMiddleware:
    """Shows a MachineTranslationError as an error message in the page the translator came
    from (the editor posts its own address as `next`), instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MachineTranslationError):
            return None
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme

        messages.error(request, str(exception))
        next_url = request.POST.get("next") or request.GET.get("next")
        if not next_url or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("wagtailadmin_home")
        return redirect(next_url)
