"""Workaround: wagtail-2fa 1.8's code form (wagtail_2fa.forms.TokenForm) names no device, and
django-otp 1.7.1 and later refuse a code without one (OTPAuthenticationFormMixin._verify_token:
"Please select a device."), so no code would ever be accepted. The form here tries the user's
own confirmed TOTP devices in turn. Tested by tests/test_security.py
(test_a_code_from_the_device_opens_the_admin); remove once wagtail-2fa chooses the device itself.
"""

from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail_2fa.forms import TokenForm

upstream_verify_token = TokenForm._verify_token


def verify_with_own_devices(form, user, token, device=None):
    devices = [device] if device else TOTPDevice.objects.devices_for_user(user, confirmed=True)
    error = None
    for candidate in devices:
        try:
            return upstream_verify_token(form, user, token, candidate)
        except ValidationError as failure:
            error = failure
    if error is None:  # no device at all: django-otp's own message
        return upstream_verify_token(form, user, token, None)
    raise error


def apply():
    TokenForm._verify_token = verify_with_own_devices
