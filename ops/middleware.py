"""Security headers and two-factor authentication for the admin."""

from urllib.parse import urlsplit

import django_otp
from csp.middleware import CSPMiddleware
from django.conf import settings
from wagtail_2fa.middleware import VerifyUserMiddleware


def is_admin_path(request):
    return request.path_info.startswith(tuple(settings.ADMIN_URL_PREFIXES))


def requires_two_factor(user):
    """Superusers and members of TWO_FACTOR_GROUPS (Administrators, Redazione) must use 2FA."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_GROUPS).exists()


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's strict CONTENT_SECURITY_POLICY for the public site; the admin, whose
    templates carry inline scripts and styles, gets ADMIN_CONTENT_SECURITY_POLICY. Adds the
    Permissions-Policy header, which Django does not set."""

    def __init__(self, get_response):
        super().__init__(get_response)
        # Maps draw their tiles from MAP_TILE_URL's server ({s} stands for its subdomains).
        tiles = urlsplit(getattr(settings, "MAP_TILE_URL", ""))
        self.tile_origin = (
            f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}" if tiles.netloc else None
        )

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif self.tile_origin and parts.update is None:
            parts.update = {"img-src": [self.tile_origin]}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TwoFactorMiddleware(VerifyUserMiddleware):
    """wagtail-2fa, limited to the admin and to the accounts that must use it: others may still
    add a device, and once they have one they are asked for a code too."""

    def process_request(self, request):
        if not is_admin_path(request):
            return None
        result = super().process_request(request)
        # Read by wagtail-2fa's menu hook: an unverified user's menu only offers the setup.
        request.user.enable_2fa = requires_two_factor(request.user)
        return result

    def _require_verified_user(self, request):
        if not super()._require_verified_user(request):
            return False
        return requires_two_factor(request.user) or django_otp.user_has_device(
            request.user, confirmed=True
        )
