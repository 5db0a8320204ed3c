"""Forms of the associations' onboarding: the public request form and the Redazione's forms.

Spam is slowed without third parties: the traps of core.forms.SpamTrapForm and, in the view, a
limit per client."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import SpamTrapForm, clean_phone, municipality_choices, one_line
from core.models import Municipality

from .models import SPOKEN_LANGUAGE_CHOICES, AssociationRequest


class RegistrationForm(SpamTrapForm):
    stamp_salt = "associations.register.started"

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

    def __init__(self, *args, language=None, **kwargs):
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
        return clean_phone(self.cleaned_data["contact_phone"])

    def clean_municipality(self):
        return Municipality.objects.get(
            locale__language_code=settings.LANGUAGE_CODE, slug=self.cleaned_data["municipality"]
        )

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
