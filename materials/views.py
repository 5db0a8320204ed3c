from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from .posters import page_qr, qr_svg


class PosterLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the poster"),
        error_messages={
            "invalid_choice": _(
                "This page is not written in that language: choose one from the list."
            )
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices


def poster_url(page_id, language_code):
    with translation.override(language_code):
        return reverse("poster", args=[page_id])


def poster(request, page_id):
    """A page as an A4 poster in the visitor's language, with a QR code to that language's page.
    `?language=xx` (the form) goes to the poster in another language the page is written in."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    versions = {
        version.locale.language_code: version
        for version in page.get_translations(inclusive=True).live().select_related("locale")
    }
    # The languages the page is really written in (not aliases that repeat the Italian text).
    choices = [
        (code, name)
        for code, name in settings.LANGUAGES
        if code in versions and not versions[code].alias_of_id
    ]
    form = PosterLanguageForm(request.GET if "language" in request.GET else None, choices=choices)
    if form.is_bound and form.is_valid():
        return redirect(poster_url(page_id, form.cleaned_data["language"]))

    version = versions.get(Locale.get_active().language_code)
    if version is None:
        # No version in this language at all: the poster in the page's own language.
        if page.locale.language_code not in versions:
            raise Http404
        return redirect(poster_url(page_id, page.locale.language_code))
    version = version.specific
    url = version.get_full_url(request)
    if not url:
        raise Http404
    qr = page_qr(url)
    return render(
        request,
        "materials/poster.html",
        {
            "poster_page": version,
            "poster_url": url,
            "summary": getattr(version, "summary", "") or version.search_description,
            "qr": qr,
            "qr_svg": qr_svg(qr, _("QR code of the address of this page")),
            "form": form,
            "content_language": "it" if version.alias_of_id else version.locale.language_code,
        },
    )
