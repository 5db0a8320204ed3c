"""The languages mediators work in: not only the portal's ten, but every language of the
territory's communities. A request must name one of these (ISO 639-1 codes, or 639-3 where there
is no two-letter code). A new language is a new line here and a migration (the fields' choices)."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("ar", _("Arabic")),
    ("sq", _("Albanian")),
    ("am", _("Amharic")),
    ("bm", _("Bambara")),
    ("bn", _("Bengali")),
    ("zh", _("Chinese (Mandarin)")),
    ("en", _("English")),
    ("fa", _("Farsi (Persian)")),
    ("fr", _("French")),
    ("ff", _("Fula")),
    ("hi", _("Hindi")),
    ("ku", _("Kurdish")),
    ("ps", _("Pashto")),
    ("pt", _("Portuguese")),
    ("pa", _("Punjabi")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("si", _("Sinhala")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("ta", _("Tamil")),
    ("tl", _("Tagalog")),
    ("ti", _("Tigrinya")),
    ("tr", _("Turkish")),
    ("tw", _("Twi")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
    ("wo", _("Wolof")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


def language_name(code):
    """The language's name in the active language (the code itself for an unknown one)."""
    return str(LANGUAGE_NAMES.get(code, code))


def sorted_languages():
    """The choices sorted by name in the active language, for forms and listings."""
    return sorted(((code, str(name)) for code, name in LANGUAGES), key=lambda c: c[1].casefold())
