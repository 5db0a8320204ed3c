from django.utils.text import capfirst
from wagtail.admin.forms import WagtailAdminModelForm


class ContentRuleForm(WagtailAdminModelForm):
    """Page types named as editors know them ("Service"), not "services | service"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page_types"].label_from_instance = lambda content_type: capfirst(
            content_type.model_class()._meta.verbose_name
        )
