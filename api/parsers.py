"""The API's JSON parser: DRF's, refusing bodies that cannot be stored or that only a hostile client would send.

- A lone surrogate (``"\\ud800"``) is valid JSON but no valid UTF-8: the database would refuse it with a server
  error, so the request is refused here, as malformed (400).
- No body of ours nests deeper than a few levels (a need, its language rows, their fields); a body nested deeper
  than ``MAX_DEPTH`` is refused (400) before any serializer walks it, and one nested thousands of levels deep, which
  Python's decoder cannot even read, is refused the same way instead of failing with a server error.
- A body longer than ``MAX_BODY_BYTES`` is refused (413) without reading the rest: the largest need with all its
  rows is about 20 kB.
"""

import codecs
import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.settings import api_settings

MAX_DEPTH = 8
MAX_BODY_BYTES = 256 * 1024


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def _strict_constant(value: str) -> None:
    raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")


def _check(data: Any) -> None:
    """Every string valid UTF-8 and nothing nested deeper than MAX_DEPTH; iterative, so any depth is safe."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            value.encode("utf-8")
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(_("The JSON is nested too deeply."))
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        if stream is None:
            return {}
        raw = stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise RequestTooLarge()
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = _strict_constant if api_settings.STRICT_JSON else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply.")) from error
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
        try:
            _check(data)
        except UnicodeEncodeError as error:
            raise ParseError(_("The text is not valid UTF-8.")) from error
        return data
