"""Machine translation in the translation editor: DeepL or LibreTranslate, per language.

The services are local HTTP servers started by the tests, speaking the documented APIs (DeepL
API v2 /v2/translate, LibreTranslate /translate): they check the key, the fields and the
language codes, and answer "[TARGET] original". The real services are never called.
"""

import html
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue
from wagtail_localize.views.edit_translation import machine_translate as machine_translate_view

from services.models import ServicePage
from translations.machine import (
    DEEPL_FREE_URL,
    DEEPL_PRO_URL,
    MachineTranslationError,
    PerLanguageTranslator,
    translator_setting,
)

LANGUAGES = [code for code, _ in settings.LANGUAGES]
PAGE_KEY = "service-demo-vaccinazioni-bambini"
DEEPL_KEY = "test-deepl-key:fx"
LIBRE_KEY = "test-libre-key"
MT_VARIABLES = [
    "DEEPL_API_KEY",
    "DEEPL_API_URL",
    "DEEPL_LANGUAGES",
    "LIBRETRANSLATE_URL",
    "LIBRETRANSLATE_API_KEY",
    "LIBRETRANSLATE_LANGUAGES",
    "LIBRETRANSLATE_LANGUAGE_CODES",
    "MT_TIMEOUT",
]

# https://developers.deepl.com/docs/getting-started/supported-languages (text translation)
DEEPL_SOURCES = {
    *"AR BG CS DA DE EL EN ES ET FI FR HU ID IT JA KO LT".split(),
    *"LV NB NL PL PT RO RU SK SL SV TR UK ZH".split(),
}
DEEPL_TARGETS = (DEEPL_SOURCES - {"EN", "PT", "ZH"}) | {
    "EN-GB",
    "EN-US",
    "PT-BR",
    "PT-PT",
    "ZH",
    "ZH-HANS",
    "ZH-HANT",
}
# What GET /languages lists on a self-hosted server with these Argos models installed.
LIBRE_CODES = {"it", "en", "fr", "es", "ar", "ur", "zh", "zt", "uk", "sq", "pa"}


class FakeService:
    """A local HTTP server answering POSTs with `answer(request) -> (status, json)`."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        self.fail_with = None  # an HTTP status to answer instead of translating
        self.delay = 0  # seconds to wait before answering
        self.released = threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = {"path": self.path, "headers": self.headers, "raw": raw}
                service.requests.append(request)
                if service.delay:
                    service.released.wait(service.delay)
                status, body = service.respond(request)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, request):
        if self.fail_with:
            return self.fail_with, {"message": "Internal error", "error": "Internal error"}
        return self.answer(request)

    def bodies(self):
        return [json.loads(request["raw"]) for request in self.requests]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def deepl_answer(request):
    """POST /v2/translate as DeepL documents it; errors as {"message": …}."""
    if request["path"] != "/v2/translate":
        return 404, {"message": "Not found"}
    if request["headers"].get("Authorization") != f"DeepL-Auth-Key {DEEPL_KEY}":
        return 403, {"message": "Authorization failure, check auth_key"}
    if not request["headers"].get("Content-Type", "").startswith("application/json"):
        return 400, {"message": "Unsupported content type"}
    body = json.loads(request["raw"])
    texts = body.get("text")
    if not isinstance(texts, list) or not 1 <= len(texts) <= 50:
        return 400, {"message": "Parameter 'text' must be a list of 1 to 50 texts."}
    if not all(isinstance(text, str) for text in texts):
        return 400, {"message": "Parameter 'text' must contain strings."}
    if body.get("source_lang") not in DEEPL_SOURCES:
        return 400, {"message": "Value for 'source_lang' not supported."}
    if body.get("target_lang") not in DEEPL_TARGETS:
        return 400, {"message": "Value for 'target_lang' not supported."}
    if body.get("tag_handling") not in (None, "xml", "html"):
        return 400, {"message": "Value for 'tag_handling' not supported."}
    target = body["target_lang"]
    return 200, {
        "translations": [
            {"detected_source_language": body["source_lang"], "text": f"[{target}] {text}"}
            for text in texts
        ]
    }


def libre_answer(request):
    """POST /translate as LibreTranslate documents it; errors as {"error": …}."""
    if request["path"] != "/translate":
        return 404, {"error": "Not found"}
    if not request["headers"].get("Content-Type", "").startswith("application/json"):
        return 400, {"error": "Invalid request: missing q parameter"}
    body = json.loads(request["raw"])
    if body.get("api_key") != LIBRE_KEY:
        return 403, {"error": "Invalid API key"}
    q = body.get("q")
    if not q:
        return 400, {"error": "Invalid request: missing q parameter"}
    for field in ("source", "target"):
        if body.get(field) not in LIBRE_CODES:
            return 400, {"error": f"{body.get(field)} is not supported"}
    if body.get("format", "text") not in ("text", "html"):
        return 400, {"error": f"{body['format']} format is not supported"}
    target = body["target"]
    if isinstance(q, list):
        return 200, {"translatedText": [f"[{target}] {text}" for text in q]}
    return 200, {"translatedText": f"[{target}] {q}"}


@pytest.fixture
def deepl():
    with FakeService(deepl_answer) as service:
        yield service


@pytest.fixture
def libre():
    with FakeService(libre_answer) as service:
        yield service


def environ(deepl, libre, **extra):
    return {
        "DEEPL_API_KEY": DEEPL_KEY,
        "DEEPL_API_URL": deepl.url,
        "LIBRETRANSLATE_URL": libre.url,
        "LIBRETRANSLATE_API_KEY": LIBRE_KEY,
        # Urdu to LibreTranslate; Albanian and Punjabi to no service.
        "LIBRETRANSLATE_LANGUAGES": "ur",
        "MT_TIMEOUT": "1",
        **extra,
    }


def setting_from(env):
    return translator_setting(env, languages=LANGUAGES, source_language=settings.LANGUAGE_CODE)


@pytest.fixture
def configured(settings, deepl, libre):
    """Both services configured, through the same function the settings use."""
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = setting_from(environ(deepl, libre))
    return settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("mt-admin", "mt@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # messages in English, whatever the admin's default
    profile.save()
    client.force_login(user)
    return user


def locale(code):
    return Locale.objects.get(language_code=code)


def translation_for(code, key=PAGE_KEY):
    page = ServicePage.objects.get(import_key=key, locale__language_code=settings.LANGUAGE_CODE)
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale(code)
    )


def edit_url(translation):
    return reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().id])


def machine_url(translation):
    return reverse("wagtail_localize:machine_translate", args=[translation.id])


def segments(translation):
    return StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )


def forget_all_but_the_title(translation):
    """Delete the imported translations of every segment but the title: they are what a
    machine translation fills in."""
    StringTranslation.objects.filter(
        locale=translation.target_locale, context__object_id=translation.source.object_id
    ).exclude(context__path="title").delete()
    return [segment for segment in segments(translation) if segment.context.path != "title"]


def string_translation(segment, translation):
    return StringTranslation.objects.filter(
        translation_of=segment.string, locale=translation.target_locale, context=segment.context
    ).first()


def messages_of(response):
    # Wagtail's admin messages are escaped HTML.
    return [html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)]


def post_to_the_view(translation, user):
    """Call wagtail-localize's view itself: through the client, LocaleMiddleware turns the
    admin's 404s into redirects to a /it/ address."""
    request = RequestFactory().post(machine_url(translation), {"next": edit_url(translation)})
    request.user = user
    return machine_translate_view(request, translation.id)


def machine_translate(client, translation):
    return client.post(machine_url(translation), {"next": edit_url(translation)})


# Configuration from the environment


def test_without_configuration_there_is_no_translator_setting():
    assert setting_from({}) is None
    assert setting_from({"DEEPL_API_URL": "http://x", "MT_TIMEOUT": "5"}) is None
    if not any(name in os.environ for name in MT_VARIABLES):
        assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")


def test_deepl_takes_the_languages_it_supports_and_libretranslate_the_others():
    options = setting_from({"DEEPL_API_KEY": "k", "LIBRETRANSLATE_URL": "http://lt:5000/"})[
        "OPTIONS"
    ]
    assert options["DEEPL"] == {
        "API_KEY": "k",
        "API_URL": DEEPL_PRO_URL,
        "LANGUAGES": ["en", "fr", "es", "ar", "zh-hans", "uk"],
    }
    assert options["LIBRETRANSLATE"]["URL"] == "http://lt:5000"
    assert options["LIBRETRANSLATE"]["LANGUAGES"] == ["ur", "sq", "pa"]
    assert options["TIMEOUT"] == 10


def test_a_free_deepl_key_uses_the_free_api_unless_a_url_is_given():
    free = setting_from({"DEEPL_API_KEY": "abc:fx"})["OPTIONS"]
    assert free["DEEPL"]["API_URL"] == DEEPL_FREE_URL
    assert "LIBRETRANSLATE" not in free
    given = setting_from({"DEEPL_API_KEY": "abc:fx", "DEEPL_API_URL": "http://proxy/"})
    assert given["OPTIONS"]["DEEPL"]["API_URL"] == "http://proxy"


def test_libretranslate_alone_takes_every_language_and_lists_can_be_narrowed():
    alone = setting_from({"LIBRETRANSLATE_URL": "http://lt"})["OPTIONS"]
    assert alone["LIBRETRANSLATE"]["LANGUAGES"] == [c for c in LANGUAGES if c != "it"]
    both = setting_from(
        {
            "DEEPL_API_KEY": "k",
            "DEEPL_LANGUAGES": "AR, en",
            "LIBRETRANSLATE_URL": "http://lt",
            "LIBRETRANSLATE_LANGUAGES": "ar,ur",
            "LIBRETRANSLATE_LANGUAGE_CODES": "zh-hans:zh-Hans",
            "MT_TIMEOUT": "2.5",
        }
    )["OPTIONS"]
    assert both["DEEPL"]["LANGUAGES"] == ["ar", "en"]
    assert both["LIBRETRANSLATE"]["LANGUAGES"] == ["ur"]  # a language goes to one service
    assert both["LIBRETRANSLATE"]["CODES"]["zh-hans"] == "zh-Hans"
    assert both["TIMEOUT"] == 2.5


@pytest.mark.parametrize(
    "env",
    [
        {"DEEPL_API_KEY": "k", "DEEPL_LANGUAGES": "ar,xx"},
        {"DEEPL_API_KEY": "k", "DEEPL_LANGUAGES": "it"},  # the source language
        {"LIBRETRANSLATE_URL": "http://lt", "MT_TIMEOUT": "soon"},
        {"LIBRETRANSLATE_URL": "http://lt", "MT_TIMEOUT": "0"},
        {"LIBRETRANSLATE_URL": "http://lt", "LIBRETRANSLATE_LANGUAGE_CODES": "zh-hans"},
    ],
)
def test_a_wrong_configuration_stops_the_site_with_the_variable_named(env):
    with pytest.raises(ImproperlyConfigured) as error:
        setting_from(env)
    assert (set(env) - {"DEEPL_API_KEY", "LIBRETRANSLATE_URL"}).pop() in str(error.value)


# The editor and the machine_translate view


@pytest.mark.django_db
def test_without_configuration_the_editor_has_no_machine_translate_button(
    settings, client, superuser
):
    if hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR"):
        del settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR
    translation = translation_for("ar")
    response = client.get(edit_url(translation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "js-translation-editor" in content  # wagtail-localize's translation editor
    assert machine_url(translation) not in content
    assert "&quot;machineTranslator&quot;: null" in content
    with pytest.raises(Http404):
        post_to_the_view(translation, superuser)


@pytest.mark.django_db
def test_the_editor_offers_the_service_that_translates_its_language(configured, client, superuser):
    for code, expected in [("ar", "DeepL"), ("ur", "LibreTranslate")]:
        translation = translation_for(code)
        content = client.get(edit_url(translation)).content.decode()
        assert machine_url(translation) in content
        assert f"&quot;name&quot;: &quot;{expected}&quot;" in content
    punjabi = translation_for("pa")
    assert machine_url(punjabi) not in client.get(edit_url(punjabi)).content.decode()


@pytest.mark.django_db
def test_deepl_translates_arabic_and_the_strings_are_marked_machine(
    configured, client, superuser, deepl, libre
):
    translation = translation_for("ar")
    title = string_translation(
        next(s for s in segments(translation) if s.context.path == "title"), translation
    )
    untranslated = forget_all_but_the_title(translation)
    assert untranslated

    response = machine_translate(client, translation)

    assert response.status_code == 302
    assert response.url == edit_url(translation)
    assert messages_of(response) == ["Successfully translated with DeepL."]
    for segment in untranslated:
        made = string_translation(segment, translation)
        assert made.data == f"[AR] {segment.string.data}"
        assert made.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        assert made.tool_name == "DeepL"
        assert made.last_translated_by == superuser
    # A string a person translated is left alone.
    title.refresh_from_db()
    assert title.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
    assert not title.data.startswith("[AR]")

    assert libre.requests == []
    sent = deepl.bodies()
    assert {(b["source_lang"], b["target_lang"], b["tag_handling"]) for b in sent} == {
        ("IT", "AR", "html")
    }
    assert sorted(t for b in sent for t in b["text"]) == sorted(
        {s.string.data for s in untranslated}
    )

    # Nothing left: wagtail-localize says so and calls no service.
    again = machine_translate(client, translation)
    assert messages_of(again)[-1] == "There isn't anything left to translate."
    assert len(deepl.requests) == len(sent)


@pytest.mark.django_db
def test_libretranslate_translates_urdu(configured, client, superuser, deepl, libre):
    translation = translation_for("ur")
    untranslated = forget_all_but_the_title(translation)

    response = machine_translate(client, translation)

    assert messages_of(response) == ["Successfully translated with LibreTranslate."]
    for segment in untranslated:
        made = string_translation(segment, translation)
        assert made.data == f"[ur] {segment.string.data}"
        assert made.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        assert made.tool_name == "LibreTranslate"
    assert deepl.requests == []
    assert {(b["source"], b["target"], b["format"], b["api_key"]) for b in libre.bodies()} == {
        ("it", "ur", "html", LIBRE_KEY)
    }


@pytest.mark.django_db
def test_a_language_without_a_service_cannot_be_machine_translated(
    configured, client, superuser, deepl, libre
):
    translator = PerLanguageTranslator(configured["OPTIONS"])
    for code in ("sq", "pa"):
        assert translator.can_translate(locale("it"), locale(code)) is False
    assert translator.can_translate(locale("it"), locale("it")) is False
    translation = translation_for("pa")
    forget_all_but_the_title(translation)
    with pytest.raises(Http404):
        post_to_the_view(translation, superuser)
    assert deepl.requests == libre.requests == []


@pytest.mark.django_db
def test_deepl_gets_its_language_codes_and_at_most_50_texts_a_request(configured, deepl):
    translator = PerLanguageTranslator(configured["OPTIONS"])
    strings = [StringValue(f"Testo <b>numero</b> {n}") for n in range(120)]
    for code, target in [("zh-hans", "ZH-HANS"), ("en", "EN-GB"), ("uk", "UK")]:
        deepl.requests.clear()
        result = translator.translate(locale("it"), locale(code), strings)
        assert [result[s].data for s in strings] == [f"[{target}] {s.data}" for s in strings]
        assert [len(b["text"]) for b in deepl.bodies()] == [50, 50, 20]
        assert {b["target_lang"] for b in deepl.bodies()} == {target}


@pytest.mark.django_db
def test_libretranslate_language_codes_follow_the_server(settings, deepl, libre):
    env = environ(deepl, libre, LIBRETRANSLATE_LANGUAGES="zh-hans,ur")
    del env["DEEPL_API_KEY"]
    translator = PerLanguageTranslator(setting_from(env)["OPTIONS"])
    result = translator.translate(locale("it"), locale("zh-hans"), [StringValue("Ciao")])
    assert [v.data for v in result.values()] == ["[zh] Ciao"]
    assert libre.bodies()[-1]["target"] == "zh"
    # A server with newer models calls it zh-Hans: configurable (the fake server refuses it).
    env["LIBRETRANSLATE_LANGUAGE_CODES"] = "zh-hans:zh-Hans"
    translator = PerLanguageTranslator(setting_from(env)["OPTIONS"])
    with pytest.raises(MachineTranslationError, match="zh-Hans is not supported"):
        translator.translate(locale("it"), locale("zh-hans"), [StringValue("Ciao")])


# Failures reach the translator as messages, never as server errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, service_name, failure, expected",
    [
        ("ar", "DeepL", 500, "HTTP 500"),
        ("ar", "DeepL", 403, "refused the API key"),
        ("ar", "DeepL", 456, "quota"),
        ("ur", "LibreTranslate", 500, "HTTP 500"),
        ("ur", "LibreTranslate", 403, "refused the API key"),
    ],
)
def test_a_service_error_is_shown_to_the_translator(
    configured, client, superuser, deepl, libre, code, service_name, failure, expected
):
    service = deepl if service_name == "DeepL" else libre
    service.fail_with = failure
    translation = translation_for(code)
    untranslated = forget_all_but_the_title(translation)

    response = machine_translate(client, translation)

    assert response.status_code == 302
    assert response.url == edit_url(translation)
    [message] = messages_of(response)
    assert message.startswith(f"{service_name} could not translate into ")
    assert expected in message
    assert DEEPL_KEY not in message and LIBRE_KEY not in message
    assert all(string_translation(s, translation) is None for s in untranslated)
    assert len(service.requests) == 1


@pytest.mark.django_db
def test_a_wrong_key_is_reported_as_such(settings, client, superuser, deepl, libre):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = setting_from(
        environ(deepl, libre, DEEPL_API_KEY="wrong")
    )
    translation = translation_for("ar")
    forget_all_but_the_title(translation)
    [message] = messages_of(machine_translate(client, translation))
    assert "refused the API key" in message
    assert "Authorization failure, check auth_key" in message


@pytest.mark.django_db
def test_an_unreachable_service_is_reported(settings, client, superuser, deepl, libre):
    env = environ(deepl, libre)
    deepl.server.server_close()  # nothing listens there any more
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = setting_from(env)
    translation = translation_for("ar")
    forget_all_but_the_title(translation)
    response = machine_translate(client, translation)
    assert response.status_code == 302
    [message] = messages_of(response)
    assert "cannot be reached" in message


@pytest.mark.django_db
def test_a_slow_service_is_given_up_after_mt_timeout(configured, client, superuser, deepl):
    deepl.delay = 10
    translation = translation_for("ar")
    untranslated = forget_all_but_the_title(translation)

    started = time.monotonic()
    response = machine_translate(client, translation)
    elapsed = time.monotonic() - started

    assert configured["OPTIONS"]["TIMEOUT"] == 1
    assert elapsed < 5
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("DeepL could not translate into ")
    assert "no answer within 1 second" in message
    assert all(string_translation(s, translation) is None for s in untranslated)
