"""Forms of the associations' onboarding: the public request form and the Redazione's forms.

Spam is slowed without third parties: a honeypot field, a minimum time to fill in the form
(a signed timestamp in a hidden field) and, in the view, a limit per client."""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import Municipality

from .models import SPOKEN_LANGUAGE_CHOICES, AssociationRequest

STARTED_SALT = "associations.register.started"
# A human needs more than this to fill in the form; a form older than MAX_FORM_AGE is re-issued.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 24 * 3600

PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")


def form_stamp(now=None):
    """The hidden `started` value: when the form was shown, signed so it cannot be forged."""
    return signing.dumps(now if now is not None else time.time(), salt=STARTED_SALT)


def one_line(value):
    return " ".join((value or "").split())


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


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=capfirst(AssociationRequest._meta.get_field("name").verbose_name), max_length=200
    )
    description = forms.CharField(
        label=_("What does the association do?"),
        help_text=_("A few sentences: your activities, who they are for, where and when."),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=3000,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken in the association"),
        choices=SPOKEN_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        help_text=_("Where the association has its seat or most of its activities."),
    )
    contact_name = forms.CharField(
        label=_("Contact person: name and surname"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail of the contact person"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and I agree that my data are used for this request."
        ),
        error_messages={"required": _("To send the request, please agree to the privacy notice.")},
    )
    # The honeypot: hidden from sight and from the keyboard, named for screen readers.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    STALE = _("The form was open too long. Please check your answers and send it again.")
    SPAM_ERRORS = {"website": {"honeypot"}, "started": {"too_fast", "invalid"}}

    def __init__(self, *args, language=None, **kwargs):
        kwargs.setdefault("initial", {"started": form_stamp()})
        super().__init__(*args, **kwargs)
        self.language = language or get_language()
        self.fields["municipality"].choices = [("", _("Choose a municipality"))] + (
            municipality_choices(self.language)
        )

    def clean_name(self):
        return one_line(self.cleaned_data["name"])

    def clean_contact_name(self):
        return one_line(self.cleaned_data["contact_name"])

    def clean_contact_phone(self):
        phone = one_line(self.cleaned_data["contact_phone"])
        if phone and (not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
            raise forms.ValidationError(
                _("Write the phone number with digits, for example +39 0372 123456."),
                code="phone",
            )
        return phone

    def clean_municipality(self):
        return Municipality.objects.get(
            locale__language_code=settings.LANGUAGE_CODE, slug=self.cleaned_data["municipality"]
        )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=MAX_FORM_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(self.STALE, code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Something went wrong. Please check your answers and send the form again."),
                code="invalid",
            ) from None
        age = time.time() - float(started)
        if age > MAX_FORM_AGE:
            raise forms.ValidationError(self.STALE, code="expired")
        if age < MIN_FILL_SECONDS:
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
            self.data["started"] = form_stamp()

    def save(self):
        data = self.cleaned_data
        return AssociationRequest.objects.create(
            name=data["name"],
            description=data["description"].strip(),
            languages=list(data["languages"]),
            municipality=data["municipality"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            consent_at=timezone.now(),
            language=self.language,
        )


class DecisionForm(forms.Form):
    """Accepting or rejecting a request: the comment goes into the e-mail to the contact."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_("Sent to the contact person with the decision, in the e-mail."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InviteEditorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name and surname"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="it"
    )

    def clean_name(self):
        return one_line(self.cleaned_data["name"])
