from wagtail.search.backends.opensearch3 import OpenSearch3Mapping, OpenSearch3SearchBackend

from . import MultilingualBackendMixin, MultilingualMappingMixin


class Mapping(MultilingualMappingMixin, OpenSearch3Mapping):
    pass


class SearchBackend(MultilingualBackendMixin, OpenSearch3SearchBackend):
    engine_name = "opensearch 3"
    mapping_class = Mapping
