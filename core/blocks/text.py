from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Few features on purpose: plain language, headings from the heading block only.
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/text.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
