import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import localized_choices
from core.models import Municipality, Topic

from .models import Language, Material


class LanguageSelect(forms.Select):
    """Languages named in themselves, each option marked with its language for screen readers."""

    right_to_left = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"].update(lang=value, dir="rtl" if value in self.right_to_left else "ltr")
        return option


class MaterialFilterSet(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="languages__code",
        empty_label=_("All"),
        distinct=True,
        widget=LanguageSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Material.Kind.choices, empty_label=_("All")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), field_name="topics__slug", empty_label=_("All"), distinct=True
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        field_name="municipalities__slug",
        empty_label=_("All"),
        distinct=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = list(Language.objects.filter(materials__isnull=False).distinct())
        self.filters["language"].extra["choices"] = [(lang.code, lang.name) for lang in languages]
        self.filters["topic"].extra["choices"] = localized_choices(Topic)
        self.filters["municipality"].extra["choices"] = localized_choices(Municipality)
        # The form is built on first use: after the choices above.
        self.form.fields["language"].widget.right_to_left = {
            lang.code for lang in languages if lang.right_to_left
        }


def material_filterset(data, queryset):
    """(filterset, errors): bad values (an old link, a typed URL) are reported and left out."""
    filterset = MaterialFilterSet(data or None, queryset=queryset)
    errors = {}
    if filterset.is_bound and not filterset.is_valid():
        errors = filterset.form.errors
        data = data.copy()
        for name in errors:
            data.pop(name, None)
        filterset = MaterialFilterSet(data or None, queryset=queryset)
    return filterset, errors
