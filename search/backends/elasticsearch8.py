from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
)

from . import MultilingualBackendMixin, MultilingualMappingMixin


class Mapping(MultilingualMappingMixin, Elasticsearch8Mapping):
    pass


class SearchBackend(MultilingualBackendMixin, Elasticsearch8SearchBackend):
    engine_name = "elasticsearch 8"
    mapping_class = Mapping
