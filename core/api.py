"""API plumbing shared by every app: one error shape, and helpers for viewsets."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found as django_page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import ApplicationError, NotAllowed


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [
            str(item) if not isinstance(item, dict | list) else _flatten(item) for item in detail
        ]
    return [str(detail)]


def exception_handler(exc, context):
    """Answer every error as {"detail": ..., "code": ..., "errors": {...}}."""
    if isinstance(exc, NotAllowed):
        return Response(
            {"detail": str(exc.message), "code": exc.code, "errors": exc.errors},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, ApplicationError):
        errors = {key: [str(m) for m in value] for key, value in exc.errors.items()}
        return Response(
            {"detail": str(exc.message), "code": exc.code, "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        errors = (
            _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        )
        response.data = {
            "detail": str(_first_message(errors)),
            "code": "invalid",
            "errors": errors,
        }
    else:
        detail = (
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(detail), "code": code, "errors": {}}
    return response


def _first_message(errors):
    for key, value in errors.items():
        if isinstance(value, dict):
            return _first_message(value)
        if value:
            return f"{key}: {value[0]}" if key != "non_field_errors" else value[0]
    return ""


def page_not_found(request, exception):
    """handler404: an address under /api/ that no route matches (an id that is not a number,
    a misspelt path) answers in the API's error shape, as the API's own 404s do, not with
    the HTML page; every other address gets the 404 page."""
    if request.path.startswith("/api/"):
        body = {"detail": str(exceptions.NotFound.default_detail), "code": "not_found"}
        return JsonResponse({**body, "errors": {}}, status=status.HTTP_404_NOT_FOUND)
    return django_page_not_found(request, exception)
