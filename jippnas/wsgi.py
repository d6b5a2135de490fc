import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jippnas.settings")
application = get_wsgi_application()
# Refuse to serve without a signing key: Django raises ImproperlyConfigured on reading an empty
# one, so gunicorn fails at start rather than on the first signed cookie.
settings.SECRET_KEY  # noqa: B018
