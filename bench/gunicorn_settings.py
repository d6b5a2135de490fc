"""Settings of the gunicorn the benchmark starts: the portal's own, with the benchmark's cache.

BENCH_CACHE selects it:
- "bypass" (default): process-local, never keeps facet counts (see bench/cache.py), so every
  request computes its facets;
- "redis": production's cache, at BENCH_CACHE_LOCATION under a key prefix of the benchmark's own;
- "file": a folder at BENCH_CACHE_LOCATION, shared by the workers like Redis would be, for
  machines without Redis.
"""

import os

from jippnas.settings import *  # noqa: F403

_kind = os.environ.get("BENCH_CACHE", "bypass")
_location = os.environ.get("BENCH_CACHE_LOCATION", "")
if _kind == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _location,
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "jippnas-bench"),
        }
    }
elif _kind == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _location,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "bench.cache.FacetBypassCache"}}
