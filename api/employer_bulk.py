"""The employer API's answer to many presented candidates at once (``POST /api/employer/presentations/answers/``).

Thin, like the portal's ``bulk_answer_views``: the ids are read through ``employer_bulk_selectors`` (an id the
employer has not received is reported as not found, row by row, like a refusal), and
``matching.services.employer_bulk`` answers each row through the single answer's service. The answer lists each
row: done, or refused with the workflow's message.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.employer_serializers import SlotInputSerializer
from api.employers import EmployerView
from matching.employer_bulk_selectors import presentations_for_employer
from matching.services.employer_answers import COMMENT_MAX_LENGTH, MAX_SLOTS, SlotProposal
from matching.services.employer_bulk import EmployerBulkAction, presentations_employer_bulk_answer

MAX_ROWS = 200
TAGS = ["employer"]


class BulkAnswerSerializer(serializers.Serializer):
    """One answer for many presented candidates.

    - ``interview``: ``slots``, one to three future dates with a place, copied to each candidate (the interview is
      requested with them, or they are proposed when the interview is already requested and accepted);
    - ``decline``: ``reason_code`` (skills, experience, availability, working_conditions, position_filled, other) and
      ``comment`` (required for other).
    """

    action = serializers.ChoiceField(choices=EmployerBulkAction.choices)
    presentations = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999),
        min_length=1,
        max_length=MAX_ROWS,
    )
    slots = SlotInputSerializer(many=True, required=False, min_length=1, max_length=MAX_SLOTS)
    reason_code = serializers.CharField(max_length=32, required=False, default="")
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")

    def validate(self, data: dict) -> dict:
        if data["action"] == EmployerBulkAction.INTERVIEW and not data.get("slots"):
            raise serializers.ValidationError({"slots": [_("Required for this action.")]}, code="required")
        if data["action"] == EmployerBulkAction.DECLINE and not data.get("reason_code"):
            raise serializers.ValidationError({"reason_code": [_("Required for this action.")]}, code="required")
        return data


class BulkRowSerializer(serializers.Serializer):
    presentation = serializers.IntegerField()
    done = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)


class BulkAnswerView(EmployerView):
    @extend_schema(
        tags=TAGS,
        operation_id="employer_presentations_bulk_answer",
        summary="Answer many presented candidates at once",
        description=BulkAnswerSerializer.__doc__,
        request=BulkAnswerSerializer,
        responses=BulkRowSerializer(many=True),
    )
    def post(self, request: Request) -> Response:
        serializer = BulkAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        presentations = presentations_for_employer(user=request.user, presentation_ids=data["presentations"])
        slots = [SlotProposal(starts_at=slot["starts_at"], place=slot["place"]) for slot in data.get("slots") or ()]
        try:
            result = presentations_employer_bulk_answer(
                action=data["action"],
                presentations=presentations,
                names={p.pk: str(p.pk) for p in presentations},  # the API names rows by id
                slots=slots,
                reason_code=data["reason_code"],
                comment=data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            ) from error
        refused = {refusal.row_id: refusal.message for refusal in result.refusals}
        found = {presentation.pk for presentation in presentations}
        rows = []
        for pk in dict.fromkeys(data["presentations"]):
            if pk not in found:
                rows.append({"presentation": pk, "done": False, "message": gettext("Not found.")})
            else:
                rows.append({"presentation": pk, "done": pk not in refused, "message": refused.get(pk, "")})
        return Response(BulkRowSerializer(rows, many=True).data)


urlpatterns = [
    path("presentations/answers/", BulkAnswerView.as_view(), name="employer_presentation_bulk_answer"),
]
