"""Uploaded files (MEDIA_ROOT), served by Django under MEDIA_URL with each file's own reading
rule, in production as in development.

Each app that stores uploads registers a rule (`register`, from the app's ready()) that looks a
file up by its stored name among its own records and says who may read it; a file is served
when some rule lets the user read it. So an image of an unpublished entry, a proposal's
attachment or an import file answers 404, like a file that does not exist, to whoever may not
see what it belongs to. Rules are asked by record, not by folder: a file sent with a proposed
change becomes the entry's media under the same name once a curator accepts it. No web server
maps the folder directly, so a guessed path shows nothing either.
"""

import mimetypes
import os
from collections.abc import Callable
from enum import Enum

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from innovations.validators import DOCUMENT_TYPES, IMAGE_TYPES


class Access(Enum):
    NONE = "none"  # not this user (or no such file): 404
    RESTRICTED = "restricted"  # this user only: never kept by shared caches
    PUBLIC = "public"  # anyone


# A rule: (stored file name, user) -> Access.
Rule = Callable[[str, object], Access]
_RULES: list[Rule] = []

# The types uploads are checked against, by extension: Python's own table lacks WebP and the
# Office formats where the system has no /etc/mime.types (python:3.11-slim).
CONTENT_TYPES = {**IMAGE_TYPES, **DOCUMENT_TYPES}
# Shown by the browser; any other type (documents) is downloaded.
INLINE_TYPES = frozenset(IMAGE_TYPES.values())


def register(rule: Rule) -> None:
    """Add a rule; the most asked-for files' rule first (it is asked first)."""
    if rule not in _RULES:
        _RULES.append(rule)


def access(name: str, user) -> Access:
    """The widest access any rule grants to the file."""
    granted = Access.NONE
    for rule in _RULES:
        found = rule(name, user)
        if found is Access.PUBLIC:
            return found
        if found is Access.RESTRICTED:
            granted = found
    return granted


@require_safe
def serve_upload(request: HttpRequest, path: str) -> FileResponse:
    granted = access(path, request.user)
    try:
        if granted is Access.NONE or not default_storage.exists(path):
            raise Http404
    except SuspiciousFileOperation:  # outside MEDIA_ROOT
        raise Http404 from None
    # Uploads are never rewritten in place (a new upload gets a new name): the time the file
    # was stored validates a browser's copy, after the access check above.
    modified = int(default_storage.get_modified_time(path).timestamp())
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        not_modified = HttpResponseNotModified()
        _cache_control(not_modified, granted)
        return not_modified
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    content_type = (
        CONTENT_TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    )
    response = FileResponse(
        default_storage.open(path),
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
    )
    # The file may not be rendered as a page of this site, whatever it holds.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Last-Modified"] = http_date(modified)
    _cache_control(response, granted)
    return response


def _cache_control(response, granted: Access) -> None:
    if granted is Access.PUBLIC:
        # Short: a file whose owner leaves the catalogue must not stay in shared caches long.
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
