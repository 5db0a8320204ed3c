"""What the public forms share (an association's registration, a request for a mediator).

Spam is stopped without third parties: a honeypot field and a minimum time to fill in the form
(a signed timestamp in a hidden field)."""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import Municipality

PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")


def one_line(value):
    return " ".join((value or "").split())


def clean_phone(value):
    """A phone number written with digits (spaces, dots, dashes and brackets allowed)."""
    phone = one_line(value)
    if phone and (not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
        raise forms.ValidationError(
            _("Write the phone number with digits, for example +39 0372 123456."), code="phone"
        )
    return phone


def municipality_choices(language):
    """The Italian municipalities by slug, each named in `language` when translated."""
    italian = list(Municipality.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
    names = dict(
        Municipality.objects.filter(
            locale__language_code=language,
            translation_key__in=[m.translation_key for m in italian],
        ).values_list("translation_key", "name")
    )
    choices = [(m.slug, names.get(m.translation_key, m.name)) for m in italian]
    return sorted(choices, key=lambda choice: choice[1].casefold())


class SpamTrapForm(forms.Form):
    """A public form with a honeypot field and a signed "started" stamp: sent faster than a
    person can fill it in, or with the honeypot filled, it is refused."""

    stamp_salt = None  # each form its own, so that one form's stamp does not serve another
    min_fill_seconds = 3
    max_age = 24 * 3600  # older forms are re-issued

    # The honeypot: hidden from sight and from the keyboard, named for screen readers.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    STALE = _("The form was open too long. Please check your answers and send it again.")
    SPAM_ERRORS = {"website": {"honeypot"}, "started": {"too_fast", "invalid"}}

    @classmethod
    def stamp(cls, now=None):
        """The hidden `started` value: when the form was shown, signed so it cannot be forged."""
        return signing.dumps(now if now is not None else time.time(), salt=cls.stamp_salt)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"started": self.stamp()})
        super().__init__(*args, **kwargs)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=self.stamp_salt, max_age=self.max_age
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(self.STALE, code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Something went wrong. Please check your answers and send the form again."),
                code="invalid",
            ) from None
        age = time.time() - float(started)
        if age > self.max_age:
            raise forms.ValidationError(self.STALE, code="expired")
        if age < self.min_fill_seconds:
            raise forms.ValidationError(
                _("The form was sent very quickly. Please check your answers and send it again."),
                code="too_fast",
            )
        return started

    @property
    def is_spam(self):
        """Caught by a trap: counts towards the client's limit, like a request sent."""
        return any(
            self.has_error(name, code) for name, codes in self.SPAM_ERRORS.items() for code in codes
        )

    def refresh_stamp(self):
        """After an expired or broken stamp, the re-shown form gets a new one; a stamp that was
        only too recent is kept, so that sending again a moment later works."""
        if self.has_error("started") and not self.has_error("started", "too_fast"):
            self.data = self.data.copy()
            self.data["started"] = self.stamp()
