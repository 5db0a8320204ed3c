"""The public request form for professionals (with core.forms.SpamTrapForm's traps against
spam), and the coordinators' forms."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import SpamTrapForm, clean_phone, municipality_choices, one_line
from core.models import Municipality

from .languages import sorted_languages
from .models import Area, MediatorRequest

DURATIONS = [(30, "30 min"), (60, "1 h"), (90, "1 h 30"), (120, "2 h"), (180, "3 h"), (240, "4 h")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RequestForm(SpamTrapForm):
    stamp_salt = "mediators.request.started"

    organisation = forms.CharField(
        label=_("Organisation"),
        help_text=_("School, hospital, clinic, social service…"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    service_type = forms.ChoiceField(label=_("Type of service"), choices=Area.choices)
    contact_name = forms.CharField(
        label=_("Your name and surname"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Write a valid e-mail address, for example name@school.it.")},
    )
    contact_phone = forms.CharField(
        label=_("Your phone"),
        help_text=_("So that the coordinator can call you if something changes."),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language needed"),
        error_messages={
            "invalid_choice": _(
                "Choose the language from the list. If it is not there, write to the coordinators."
            )
        },
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": _("Write the date and time, for example 25/03/2030 09:30.")},
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long"), choices=DURATIONS, coerce=int, initial=60
    )
    mode = forms.ChoiceField(
        label=_("In person or remote"),
        choices=MediatorRequest.Mode.choices,
        initial=MediatorRequest.Mode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"), required=False, help_text=_("Where the meeting takes place.")
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=255,
        help_text=_("Address and office, for example: Ospedale Maggiore, paediatrics, floor 2."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        help_text=_(
            "What the meeting is about, in a few words. Do not write the names or health "
            "details of the people you are helping."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my contact details are used to handle this request."),
        error_messages={"required": _("To send the request, please agree to the privacy notice.")},
    )

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language or get_language()
        self.fields["language"].choices = [("", _("Choose a language"))] + sorted_languages()
        self.fields["service_type"].choices = [("", _("Choose a type of service"))] + list(
            Area.choices
        )
        self.fields["municipality"].choices = [("", _("Choose a municipality"))] + (
            municipality_choices(self.language)
        )

    def clean_organisation(self):
        return one_line(self.cleaned_data["organisation"])

    def clean_contact_name(self):
        return one_line(self.cleaned_data["contact_name"])

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data["contact_phone"])

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("The date and time must be in the future."), code="past")
        if starts_at > timezone.now() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("Requests can be made up to one year ahead."), code="too_far"
            )
        return starts_at

    def clean_municipality(self):
        slug = self.cleaned_data["municipality"]
        if not slug:
            return None
        return Municipality.objects.get(locale__language_code=settings.LANGUAGE_CODE, slug=slug)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == MediatorRequest.Mode.IN_PERSON and not cleaned.get(
            "municipality"
        ):
            self.add_error(
                "municipality",
                forms.ValidationError(
                    _("For a meeting in person, choose the municipality."), code="required"
                ),
            )
        return cleaned

    def save(self):
        data = self.cleaned_data
        remote = data["mode"] == MediatorRequest.Mode.REMOTE
        return MediatorRequest.objects.create(
            organisation=data["organisation"],
            service_type=data["service_type"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            language=data["language"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            municipality=data["municipality"],
            place="" if remote else one_line(data["place"]),
            notes=data["notes"].strip(),
            form_language=self.language,
        )


class DoneForm(forms.Form):
    """Closing a request: the time the mediator actually worked, for the funder's figures."""

    duration_minutes = forms.IntegerField(
        label=_("Time worked (minutes)"), min_value=1, max_value=24 * 60
    )
