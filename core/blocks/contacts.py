from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Office or person"))
    phone = blocks.CharBlock(label=_("Phone"), required=False)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    address = blocks.CharBlock(label=_("Address"), required=False)
    note = blocks.CharBlock(label=_("Note"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "blocks/contact.html"
