"""Security: headers on public and admin pages, two-factor authentication for the accounts that
need it, login throttling, password rules, uploads, sessions. The values production runs with
come from cms.settings.production itself (tests/production_settings.py)."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents.models import Document
from wagtail.images.forms import get_image_form
from wagtail.images.models import Image

from . import production_settings
from .public_pages import KINDS, url_of

pytestmark = pytest.mark.django_db

PRODUCTION = production_settings.load(
    [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "WAGTAIL_2FA_REQUIRED",
        "DEBUG",
    ]
)


@pytest.fixture
def production_headers(settings):
    for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"):
        setattr(settings, name, PRODUCTION[name])


def directives(header):
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_production_turns_on_hsts_secure_cookies_and_two_factor():
    assert PRODUCTION["DEBUG"] is False
    assert PRODUCTION["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert PRODUCTION["SESSION_COOKIE_SECURE"] and PRODUCTION["CSRF_COOKIE_SECURE"]
    assert PRODUCTION["SESSION_COOKIE_AGE"] <= 8 * 3600
    assert PRODUCTION["WAGTAIL_2FA_REQUIRED"] is True


def test_public_page_headers(client, production_headers):
    response = client.get("/it/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "preload" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_admin_page_headers(client, production_headers):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Wagtail's admin needs inline scripts: it has its own, looser policy.
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("kind", KINDS)
def test_public_pages_run_no_inline_script(client, kind):
    """The strict policy would block inline code: no public page may rely on any."""
    url = url_of(kind, "it")
    if url is None:
        pytest.skip(f"no {kind} page on this site yet")
    html = client.get(url).content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert not INLINE_HANDLER.findall(html)


@pytest.fixture
def accounts(db):
    users = get_user_model().objects
    redazione, _ = Group.objects.get_or_create(name="Redazione")
    editor = users.create_user("redattrice", "r@example.org", "a-long-passphrase-1")
    editor.groups.add(redazione)
    # Admin access through another group (say, an association's editors): 2FA is optional.
    volunteers = Group.objects.create(name="Volontari")
    volunteers.permissions.add(Permission.objects.get(codename="access_admin"))
    other = users.create_user("volontario", "v@example.org", "a-long-passphrase-2")
    other.groups.add(volunteers)
    admin = users.create_superuser("capo", "c@example.org", "a-long-passphrase-3")
    return {"redazione": editor, "other": other, "admin": admin}


@pytest.fixture
def two_factor(settings):
    settings.WAGTAIL_2FA_REQUIRED = True


def test_administrators_and_redazione_must_set_up_two_factor(client, accounts, two_factor):
    for name in ("admin", "redazione"):
        client.force_login(accounts[name])
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/2fa/devices/new")
        assert client.get(response["Location"]).status_code == 200  # the setup page works
    client.force_login(accounts["other"])
    assert client.get("/admin/").status_code == 200


def test_a_code_from_the_device_opens_the_admin(client, accounts, two_factor):
    admin = accounts["admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/auth")
    wrong = client.post("/admin/2fa/auth", {"otp_token": "000000"})
    assert wrong.status_code == 200 and client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp refuses any code for a second after a wrong one
    right = client.post("/admin/2fa/auth", {"otp_token": f"{totp(device.bin_key):06d}"})
    assert right.status_code == 302, right.context["form"].errors
    assert client.get("/admin/").status_code == 200
    # The public site never asks for a code.
    assert client.get("/it/").status_code == 200


def test_repeated_failed_logins_lock_the_account_out(client, accounts, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "capo", "password": "guess"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post("/admin/login/", {"username": "capo", "password": "guess"})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "capo", "password": "a-long-passphrase-3"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_still_works_below_the_limit(client, accounts, settings):
    settings.AXES_ENABLED = True
    client.post("/admin/login/", {"username": "capo", "password": "guess"})
    response = client.post("/admin/login/", {"username": "capo", "password": "a-long-passphrase-3"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(accounts["admin"].pk)


@pytest.mark.parametrize("password", ["short-pw1", "password12345", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted():
    validate_password("tre gatti sul tetto a Casalmaggiore")


def test_svg_images_cannot_be_uploaded():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form_class = get_image_form(Image)
    form = form_class(
        data={"title": "logo"}, files={"file": ContentFile(svg, name="logo.svg")}, user=None
    )
    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.parametrize(
    ("name", "content", "inline"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', False),
        ("page.html", b"<html><script>alert(1)</script></html>", False),
        ("leaflet.pdf", b"%PDF-1.4\n%%EOF\n", True),
    ],
)
def test_svg_and_html_documents_are_downloaded_not_shown(client, settings, tmp_path, name,
                                                         content, inline):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title=name, file=ContentFile(content, name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment")
