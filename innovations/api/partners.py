"""Partner access to the API: key authentication, scope permissions and rate limits.

A key travels in `Authorization: Api-Key <token>` (or `X-API-Key: <token>`). What a key may do
is decided in innovations.permissions; this module only asks it.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

from innovations import permissions as rules
from innovations.services.partner_keys import partner_key_authenticate, partner_key_touch

KEYWORD = "Api-Key"


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """Authenticates a request by a partner key; the request's user is the key's own user."""

    def authenticate(self, request):
        token = request.headers.get("X-API-Key", "").strip()
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if header and header[0].lower() == KEYWORD.lower():
            if len(header) != 2:
                raise exceptions.AuthenticationFailed(_("Kunci API tidak sah."))
            token = header[1]
        if not token:
            return None
        key = partner_key_authenticate(token)
        if key is None or not key.is_active or not key.user.is_active:
            raise exceptions.AuthenticationFailed(_("Kunci API tidak sah atau telah dicabut."))
        partner_key_touch(key)
        return key.user, key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) with a WWW-Authenticate challenge.
        return KEYWORD


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _("Kunci API mitra: `Authorization: Api-Key <token>` (atau `X-API-Key`).")
            ),
        }


class ReadScope(permissions.BasePermission):
    """Anonymous readers are welcome; a key must carry the read scope."""

    message = _("Kunci API ini tidak boleh membaca.")

    def has_permission(self, request, view):
        key = request.auth if hasattr(request.auth, "can_read") else None
        return key is None or rules.partner_may_read(key)


class WriteSourceScope(permissions.BasePermission):
    """Writing needs a key issued for the source named in the URL."""

    message = _("Kunci API ini tidak boleh menulis entri sumber ini.")

    def has_permission(self, request, view):
        key = request.auth if hasattr(request.auth, "can_read") else None
        if key is None:
            raise exceptions.NotAuthenticated(_("Kirim kunci API mitra."))
        return rules.partner_may_write(key, view.kwargs.get("source", ""))


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Per key for partners (rate `partner`), per IP address for anonymous clients (rate `anon`).

    Counts live in the default cache (Redis in production), shared by every web process.
    Signed-in staff (session) are not limited. DRF answers 429 with Retry-After.
    """

    def get_rate(self):
        return None  # chosen per request in allow_request

    def allow_request(self, request, view):
        key = request.auth if hasattr(request.auth, "can_read") else None
        if key is not None:
            self.scope, ident = "partner", f"key-{key.pk}"
        elif request.user and request.user.is_authenticated:
            return True
        else:
            self.scope, ident = "anon", self.get_ident(request)
        # Read at request time (not import time, as DRF does), so settings changes apply.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()
