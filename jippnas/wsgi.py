import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jippnas.settings")
application = get_wsgi_application()
# Refuse to serve without a signing key: Django raises ImproperlyConfigured on reading an empty
# one, so gunicorn fails at start rather than on the first signed cookie.
settings.SECRET_KEY  # noqa: B018

# A request allocates some 10,000 container objects (querysets, model instances, filter sets,
# serializers), many of them in reference cycles. With CPython's default thresholds (700, 10, 10)
# that meant a full collection about every 25 requests, and a full collection walked the whole
# heap of the loaded project (some 130,000 objects: 50–160 ms in a search request, the slowest
# 4 % of the search benchmark's requests). So: load every view now, set what start-up built
# aside from collection (gc.freeze: a worker never frees its modules and classes), and collect
# the young generation every 20,000 allocations, so that a request's garbage mostly dies young
# and a full collection comes about every 200 requests instead of 25.
REQUEST_GC_THRESHOLDS = (20_000, 10, 10)
get_resolver().url_patterns  # noqa: B018 - imports every URLconf and view before the freeze
gc.collect()
gc.freeze()
gc.set_threshold(*REQUEST_GC_THRESHOLDS)
