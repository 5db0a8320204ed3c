from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
)

from . import MultilingualBackendMixin, MultilingualMappingMixin


class Mapping(MultilingualMappingMixin, Elasticsearch9Mapping):
    pass


class SearchBackend(MultilingualBackendMixin, Elasticsearch9SearchBackend):
    engine_name = "elasticsearch 9"
    mapping_class = Mapping
