"""A local-memory cache that never keeps facet counts nor list totals (both keyed under
`facets:`), so that the benchmark measures their SQL itself: the fixed mix repeats each query
several times and would otherwise time cache hits."""

from django.core.cache.backends.locmem import LocMemCache

FACET_PREFIX = "facets:"  # innovations.facets keys its cached counts under this prefix


class FacetBypassCache(LocMemCache):
    def get(self, key, default=None, version=None):
        if str(key).startswith(FACET_PREFIX):
            return default
        return super().get(key, default, version)

    def set(self, key, value, timeout=None, version=None):
        if str(key).startswith(FACET_PREFIX):
            return
        super().set(key, value, timeout, version)
