"""Building blocks shared by the apps' API serializers: query-parameter parsing and sane bounds on dates."""

import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Dates beyond this are typing mistakes, and would overflow date arithmetic (six-month checks, waves).
LATEST_DATE = datetime.date(2099, 12, 31)
EARLIEST_DATE = datetime.date(1900, 1, 1)


class BoundedDateField(serializers.DateField):
    """A date between 1900 and 2099."""

    def to_internal_value(self, value: object) -> datetime.date:
        date = super().to_internal_value(value)
        if not EARLIEST_DATE <= date <= LATEST_DATE:
            raise serializers.ValidationError(_("Give a date between 1900 and 2099."), code="date_range")
        return date


class BoundedDateTimeField(serializers.DateTimeField):
    """A date and time between 1900 and 2099."""

    def to_internal_value(self, value: object) -> datetime.datetime:
        moment = super().to_internal_value(value)
        if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
            raise serializers.ValidationError(_("Give a date between 1900 and 2099."), code="date_range")
        return moment


class QuerySerializer(serializers.Serializer):
    """Parses a list's query parameters; unknown parameters (page, page_size…) are left to others."""

    @classmethod
    def parsed(cls, query_params: object) -> dict:
        serializer = cls(data=query_params)
        serializer.is_valid(raise_exception=True)
        return {key: value for key, value in serializer.validated_data.items() if value not in (None, "")}
