from wagtail.search.backends.opensearch2 import OpenSearch2Mapping, OpenSearch2SearchBackend

from . import MultilingualBackendMixin, MultilingualMappingMixin


class Mapping(MultilingualMappingMixin, OpenSearch2Mapping):
    pass


class SearchBackend(MultilingualBackendMixin, OpenSearch2SearchBackend):
    engine_name = "opensearch 2"
    mapping_class = Mapping
