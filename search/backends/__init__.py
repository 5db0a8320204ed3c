"""Wagtail's Elasticsearch and OpenSearch backends, taught the portal's languages.

Wagtail puts every page in one index, analysed with one analyser. These backends keep that
index (the admin's search keeps working as it does) and add, to each page's document, its text
in fields of its own language (`tdi_title_ar`, `tdi_text_ar`, …) analysed with that language's
analyser, plus keyword fields for facets. `search.engine` queries those fields.
"""

from ..analysis import analysis_settings, language_field_mappings
from ..documents import FACET_FIELDS, language_fields
from ..opensearch_events import install as install_opensearch_events_workaround

install_opensearch_events_workaround()


class MultilingualMappingMixin:
    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"].update(language_field_mappings())
        mapping["properties"].update(FACET_FIELDS)
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        document.update(language_fields(obj))
        return document


class MultilingualBackendMixin:
    """Adds the language analysers to the index settings, and a raw search for `search.engine`."""

    engine_name = None  # "opensearch" or "elasticsearch", with the major version

    def __init__(self, params):
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for part, definitions in analysis_settings().items():
            analysis.setdefault(part, {}).update(definitions)

    @property
    def page_index_name(self):
        from wagtail.models import Page

        return self.get_index_for_model(Page).name

    def raw_search(self, body):
        """Run a query body on the pages' index and return the response as a dict."""
        if self.use_new_elasticsearch_api:
            response = self.es.search(index=self.page_index_name, **body)
        else:
            response = self.es.search(index=self.page_index_name, body=body)
        return dict(response)
