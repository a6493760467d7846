"""One error format for every API error, and its description in the schema.

Every error answer has the same body::

    {"error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {}}}

``fields`` names the fields in error (``non_field_errors`` for the rest; a nested field is named by its path, such
as ``slots.0.starts_at``). A ``ValidationError`` raised by a service becomes a 400 with its fields and its code; a
``PermissionDenied`` a 403; an object outside the user's scope was simply not found by its selector: 404. A body
too large is a 413 (``request_too_large``), one nested too deeply or not JSON a 400 (``parse_error``). Django's own
error pages (``handler500``, ``handler400``) answer /api/ in the same format.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import RequestTooLarge

INVALID_CODE = "invalid"


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("The HTTP status, repeated."))
    code = serializers.CharField(help_text=_("A stable code for programs, such as not_found or invalid_transition."))
    message = serializers.CharField(help_text=_("A sentence for people, in the language asked for."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field in error; non_field_errors for the others."),
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (the schema's ``Error`` component)."""

    error = ErrorBodySerializer()


def _flattened(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"slots": [{"place": ["…"]}]}`` as ``{"slots.0.place": ["…"]}``: one list of messages per field path."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat |= _flattened(value, f"{prefix}.{key}" if prefix else str(key))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                flat |= _flattened(item, f"{prefix}.{index}" if prefix else str(index))
            elif item:
                flat.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(item))
        return flat
    messages = [str(item) for item in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: messages}


def _leaves(codes: Any) -> list[str]:
    if isinstance(codes, dict):
        return [code for value in codes.values() for code in _leaves(value)]
    if isinstance(codes, list):
        return [code for value in codes for code in _leaves(value)]
    return [str(codes)]


def _django_validation_code(error: DjangoValidationError) -> str:
    """The service's own code (``invalid_transition``, ``headcount_reached``…) when it gave exactly one."""
    if hasattr(error, "error_dict"):
        codes = {item.code for items in error.error_dict.values() for item in items}
    else:
        codes = {item.code for item in error.error_list}
    codes.discard(None)
    return codes.pop() if len(codes) == 1 else INVALID_CODE


def error_body(*, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then the body reshaped into the one error format. Other exceptions are bugs: they go on (500)."""
    code = None
    if isinstance(exc, RequestDataTooBig):  # past DATA_UPLOAD_MAX_MEMORY_SIZE, before our parser's own cap
        exc = RequestTooLarge()
    if isinstance(exc, DjangoValidationError):
        code = _django_validation_code(exc)
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flattened(exc.detail)
        non_field = fields.get(api_settings.NON_FIELD_ERRORS_KEY, [])
        only_non_field = set(fields) == {api_settings.NON_FIELD_ERRORS_KEY}
        message = " ".join(non_field) if only_non_field else gettext("Some fields are not valid: see their messages.")
        if code is None:
            codes = set(_leaves(exc.get_codes()))
            code = codes.pop() if len(codes) == 1 else None
        body = error_body(status=response.status_code, code=code or INVALID_CODE, message=message, fields=fields)
    else:
        detail = getattr(exc, "detail", None)
        if isinstance(exc, Http404):
            code, message = exceptions.NotFound.default_code, str(exceptions.NotFound.default_detail)
        elif isinstance(exc, DjangoPermissionDenied):
            code = exceptions.PermissionDenied.default_code
            message = str(exc) or str(exceptions.PermissionDenied.default_detail)
        else:
            code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
            message = str(detail) if detail is not None else str(exc)
        body = error_body(status=response.status_code, code=code, message=message)
    response.data = body
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/ (or an id that is not a number): a 404 in the API's format, never a page."""
    message = str(exceptions.NotFound.default_detail)
    return JsonResponse(error_body(status=404, code=exceptions.NotFound.default_code, message=message), status=404)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """A bug under /api/ (``handler500``): a 500 in the API's format, never an HTML page; Django's page elsewhere."""
    if not _is_api(request):
        return defaults.server_error(request, *args, **kwargs)
    message = str(exceptions.APIException.default_detail)
    return JsonResponse(error_body(status=500, code="server_error", message=message), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """A request Django refuses before any view (``handler400``: a forged host, a body past its caps)."""
    if not _is_api(request):
        return defaults.bad_request(request, exception, *args, **kwargs)
    message = gettext("The request could not be read.")
    return JsonResponse(error_body(status=400, code="bad_request", message=message), status=400)
