"""The ``id`` path converter of the API: a positive number that fits a bigint.

Anything else (a word, a negative number, 30 digits) matches no address and gets the API's 404, never a 500 from
the database. Registered on import: every API URL module imports this module.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
