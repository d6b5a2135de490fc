"""API conventions shared by every app: pagination and error shape."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler


class StandardPagination(pagination.PageNumberPagination):
    """Page-number pagination with a total count; clients may ask for up to 100 rows a page."""

    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """Turn a model-level ValidationError raised by a service into a 400 with field errors."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
