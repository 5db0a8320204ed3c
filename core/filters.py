"""Filters shared by the listing pages: by municipality, topic and audience slug."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .models import Audience, Municipality, Topic


def localized_choices(model):
    """(slug, name) pairs in the visitor's language, falling back to the Italian name."""
    default = Locale.get_default()
    names = dict(model.objects.filter(locale=default).values_list("translation_key", "name"))
    slugs = dict(model.objects.filter(locale=default).values_list("translation_key", "slug"))
    try:
        current = Locale.objects.get(language_code=get_language())
    except Locale.DoesNotExist:
        current = default
    if current != default:
        names.update(model.objects.filter(locale=current).values_list("translation_key", "name"))
    return sorted(((slugs[key], names[key]) for key in slugs), key=lambda choice: choice[1])


class DirectoryFilterSet(django_filters.FilterSet):
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"), field_name="municipality__slug", empty_label=_("All")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), field_name="topics__slug", empty_label=_("All"), distinct=True
    )
    audience = django_filters.ChoiceFilter(
        label=_("For whom"), field_name="audiences__slug", empty_label=_("All"), distinct=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].extra["choices"] = localized_choices(Municipality)
        self.filters["topic"].extra["choices"] = localized_choices(Topic)
        self.filters["audience"].extra["choices"] = localized_choices(Audience)
