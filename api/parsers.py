"""The API's JSON parser: DRF's, refusing text that cannot be stored.

A lone surrogate (``"\\ud800"``) is valid JSON but no valid UTF-8: the database would refuse it with a server error,
so the request is refused here, as malformed (400).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:
            _check_text(data)
        except UnicodeEncodeError as error:
            raise ParseError(_("The text is not valid UTF-8.")) from error
        return data
