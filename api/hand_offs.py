"""The staff area of the API for hand-offs between platforms (``/api/staff/hand-offs/``).

The same services and selectors as the hand-offs page and the review page: a request names a suggestion of one of
the user's needs; the candidate's platform accepts it (with the person's agreement) or declines it with a reason.
The requesting platform reads the candidate's pseudonym until its request is accepted; the candidate's platform
reads the name (logged as viewed).
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.matching import CandidateRefSerializer, StaffView
from api.pagination import PageNumberPagination, paginated
from api.serializers import QuerySerializer
from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import PersonalDataAccess
from candidates.pseudonyms import candidate_pseudonym_for_platform
from matching.enums import HandOffStatus
from matching.hand_off_selectors import (
    hand_off_for_staff,
    hand_off_list_for_staff,
    hand_off_names_candidate,
    hand_off_suggestion_for_staff,
    hand_off_to_answer,
)
from matching.models import HandOff
from matching.models.hand_offs import MESSAGE_MAX_LENGTH
from matching.services.hand_offs import hand_off_accept, hand_off_decline, hand_off_request

TAGS = ["staff"]


class NeedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class HandOffSerializer(serializers.ModelSerializer):
    need = NeedRefSerializer()
    requesting_platform = serializers.CharField(source="requesting_platform.name")
    owning_platform = serializers.CharField(source="owning_platform.name")
    candidate = serializers.SerializerMethodField(help_text="Null for the requesting platform until it is accepted.")
    pseudonym = serializers.SerializerMethodField(help_text="How the requesting platform calls the candidate.")

    class Meta:
        model = HandOff
        fields = [
            "id",
            "need",
            "requesting_platform",
            "owning_platform",
            "candidate",
            "pseudonym",
            "status",
            "message",
            "requested_at",
            "decided_at",
            "candidate_agreed_at",
            "decline_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(CandidateRefSerializer(allow_null=True))
    def get_candidate(self, hand_off: HandOff) -> dict | None:
        if not hand_off_names_candidate(user=self.context["user"], hand_off=hand_off):
            return None
        return CandidateRefSerializer(hand_off.candidate).data

    def get_pseudonym(self, hand_off: HandOff) -> str:
        return candidate_pseudonym_for_platform(
            platform_id=hand_off.requesting_platform_id, candidate_id=hand_off.candidate_id
        )


def _data(user: User, hand_offs: list[HandOff], *, listed: dict | None = None) -> Any:
    """The hand-offs as the API gives them. A list (``listed``: its filters) is one entry in the access log; one
    hand-off that names its candidate logs that profile as opened."""
    if listed is not None:
        personal_data_list_record(actor=user, page="api_hand_offs", filters=listed)
    else:
        named = {h.candidate_id for h in hand_offs if hand_off_names_candidate(user=user, hand_off=h)}
        if named:
            personal_data_access_record(actor=user, candidate_ids=named, action=PersonalDataAccess.Action.OPENED)
    return HandOffSerializer(hand_offs, many=True, context={"user": user}).data


class HandOffQuerySerializer(QuerySerializer):
    direction = serializers.ChoiceField(choices=["sent", "received"], required=False)
    status = serializers.ChoiceField(choices=HandOffStatus.choices, required=False)


class HandOffRequestSerializer(serializers.Serializer):
    """Ask the candidate's platform for a suggested candidate of another platform."""

    suggestion = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999)
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)


class HandOffAcceptSerializer(serializers.Serializer):
    candidate_agreed = serializers.BooleanField(help_text="The person was contacted and agrees.")


class HandOffDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class HandOffListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_hand_offs_list",
        summary="Hand-off requests sent or received by your platforms, newest first",
        parameters=[HandOffQuerySerializer],
        responses=HandOffSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = HandOffQuerySerializer.parsed(request.query_params)
        found = hand_off_list_for_staff(user=request.user, direction=query.get("direction", ""))
        if "status" in query:
            found = found.filter(status=query["status"])
        page, paginator = paginated(self, request, found)
        listed = {**query, "page": request.query_params.get("page") or 1}
        return paginator.get_paginated_response(_data(request.user, list(page or []), listed=listed))

    @extend_schema(
        tags=TAGS,
        operation_id="staff_hand_offs_create",
        summary="Ask another platform for a candidate suggested for one of your needs",
        request=HandOffRequestSerializer,
        responses={201: HandOffSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = HandOffRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = hand_off_suggestion_for_staff(
            user=request.user, suggestion_id=serializer.validated_data["suggestion"]
        )
        if suggestion is None:
            raise serializers.ValidationError({"suggestion": [_("No such suggestion for one of your needs.")]})
        hand_off = hand_off_request(
            need=suggestion.need,
            candidate=suggestion.candidate,
            message=serializer.validated_data["message"],
            by=request.user,
        )
        return Response(_data(request.user, [hand_off])[0], status=status.HTTP_201_CREATED)


class HandOffDetailView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_hand_offs_retrieve",
        summary="One hand-off request",
        responses=HandOffSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_data(request.user, [hand_off_for_staff(user=request.user, hand_off_id=pk)])[0])


class HandOffAcceptView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_hand_offs_accept",
        summary="Accept a request for one of your candidates, once the person agrees",
        request=HandOffAcceptSerializer,
        responses={200: HandOffSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        hand_off = hand_off_to_answer(user=request.user, hand_off_id=pk)
        serializer = HandOffAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        accepted = hand_off_accept(
            hand_off=hand_off, candidate_agreed=serializer.validated_data["candidate_agreed"], by=request.user
        )
        return Response(_data(request.user, [hand_off_for_staff(user=request.user, hand_off_id=accepted.pk)])[0])


class HandOffDeclineView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_hand_offs_decline",
        summary="Decline a request for one of your candidates, with a reason",
        request=HandOffDeclineSerializer,
        responses={200: HandOffSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        hand_off = hand_off_to_answer(user=request.user, hand_off_id=pk)
        serializer = HandOffDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declined = hand_off_decline(hand_off=hand_off, reason=serializer.validated_data["reason"], by=request.user)
        return Response(_data(request.user, [hand_off_for_staff(user=request.user, hand_off_id=declined.pk)])[0])


urlpatterns = [
    path("hand-offs/", HandOffListView.as_view(), name="staff_hand_off_list"),
    path("hand-offs/<id:pk>/", HandOffDetailView.as_view(), name="staff_hand_off_detail"),
    path("hand-offs/<id:pk>/accept/", HandOffAcceptView.as_view(), name="staff_hand_off_accept"),
    path("hand-offs/<id:pk>/decline/", HandOffDeclineView.as_view(), name="staff_hand_off_decline"),
]
