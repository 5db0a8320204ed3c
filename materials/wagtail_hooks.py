from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Language, Material


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "doc-full"
    list_display = ["title", "kind", "document"]
    list_filter = ["kind", "languages"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code", "right_to_left"]


class MaterialGroup(SnippetViewSetGroup):
    menu_label = _("Leaflets and posters")
    menu_icon = "doc-full"
    items = (MaterialViewSet, LanguageViewSet)


register_snippet(MaterialGroup)
