"""Request handling of the whole portal: the visitor's language (Indonesian unless the visitor chose
English), and addresses no view can answer."""

from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class PortalLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored: the portal
    speaks Indonesian first, and English only after the visitor picks it (language cookie)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class RefuseNulCharacterMiddleware:
    """400 for a request whose path or query string holds a NUL character (`%00`).

    No address of the portal has one, and PostgreSQL refuses a NUL in any text it is given: a
    view that looks the value up would fail with a database error (500) instead. Checked once
    here, before any view reads the path or a parameter. The API answers in its own error shape
    (JSON, the parameters named); pages in plain text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            return self.refusal(request)
        return self.get_response(request)

    @staticmethod
    def refusal(request):
        refused = _("Permintaan ditolak: alamat atau parameternya memuat karakter NUL.")
        if not request.path_info.startswith("/api/"):
            return HttpResponseBadRequest(refused, content_type="text/plain; charset=utf-8")
        errors: dict = {
            name: [_("Parameter tidak boleh memuat karakter NUL.")]
            for name, values in request.GET.lists()
            if "\x00" not in name and any("\x00" in value for value in values)
        }
        if not errors or "\x00" in request.path:
            errors["detail"] = refused
        return JsonResponse(errors, status=400)
