"""The home page's blocks for a new site: set once, when the Italian home page has no body."""

import uuid

from django.conf import settings
from wagtail_localize.models import Translation, TranslationSource

DEFAULT_BLOCKS = ["whats_on", "find_course", "topics", "map_teaser", "information_desks"]


def default_body():
    values = {
        "whats_on": {"heading": "", "max_items": 6, "display": "calendar"},
        "find_course": {"heading": ""},
        "topics": {"heading": ""},
        "map_teaser": {"heading": "", "text": ""},
        "information_desks": {"heading": "", "desks": []},
    }
    return [
        {"type": name, "value": values[name], "id": str(uuid.uuid4())} for name in DEFAULT_BLOCKS
    ]


def compose_home_page(sender, homes, **kwargs):
    home = homes.get(settings.LANGUAGE_CODE)
    if home is None or len(home.specific.body):
        return
    home = home.specific
    home.body = default_body()
    home.save_revision().publish()
    # The blocks hold no text of their own (their headings come from the interface's
    # translations), so every translation only needs the new structure.
    source, _created = TranslationSource.update_or_create_from_instance(home)
    for translation in Translation.objects.filter(source=source, enabled=True):
        translation.save_target(publish=False)
        home.get_translation(translation.target_locale).latest_revision.publish()
