"""Every interface string is translated into the nine languages besides English."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LANGUAGES = ["it", "fr", "es", "ar", "ur", "zh_Hans", "uk", "sq", "pa"]
# The project's catalogue, and those of apps that keep their own (<app>/locale/).
LOCALE_DIRS = [BASE_DIR / "locale"] + sorted(
    path for path in BASE_DIR.glob("*/locale") if not path.parent.name.startswith(".")
)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("locale_dir", LOCALE_DIRS, ids=lambda path: path.relative_to(BASE_DIR))
def test_the_catalogue_has_no_untranslated_or_fuzzy_strings(locale_dir, lang):
    path = locale_dir / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing"
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    empty_plurals = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]
    assert not untranslated, f"{lang}: not translated: {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy (check them and remove the flag): {fuzzy}"
    assert not empty_plurals, f"{lang}: plural forms missing: {empty_plurals}"
