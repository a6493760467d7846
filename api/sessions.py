"""The API of collective sessions: the platforms' staff list, create, read, change and cancel their sessions, invite
candidates (the secure link sent with the invitation), record attendance and MRS results (``/api/staff/sessions/``),
every action of the staff pages through the same service; employers read
the sessions serving their needs, without anyone's identity (``/api/employer/sessions/``).

The same services and selectors as the staff pages (``matching.services.sessions``, ``session_links``,
``matching.session_selectors``): a session of another platform is not found.
"""

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import platform_ids_for
from accounts.models import Platform
from api import converters  # noqa: F401 - registers the "id" path converter
from api.matching import CandidateRefSerializer, StaffView
from api.pagination import PageNumberPagination, paginated
from api.permissions import IsEmployerMember
from candidates.audit import personal_data_list_record
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.enums import LinkChannel, SessionKind
from matching.models import CollectiveSession, SessionSeat
from matching.services.session_links import session_invite_and_send
from matching.services.sessions import (
    seat_attendance_record,
    seat_mrs_result_record,
    session_cancel,
    session_create,
    session_edit,
)
from matching.session_selectors import (
    session_for_staff,
    session_seat_for_staff,
    session_seats,
    sessions_for_employer,
    sessions_for_staff,
)

TAGS = ["staff"]
FIELDS = ["kind", "title", "starts_at", "ends_at", "place", "video_link", "what_to_bring", "capacity"]


class SessionSerializer(serializers.ModelSerializer):
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    accepted = serializers.IntegerField(read_only=True, help_text="Seats taken.")

    class Meta:
        model = CollectiveSession
        fields = ["id", *FIELDS, "needs", "accepted", "created_at", "cancelled_at"]
        read_only_fields = fields


class SeatSerializer(serializers.ModelSerializer):
    candidate = CandidateRefSerializer()

    class Meta:
        model = SessionSeat
        fields = ["id", "candidate", "status", "invited_at", "answered_at", "attended", "mrs_passed"]
        read_only_fields = fields


class SessionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    what_to_bring = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=32767)
    needs = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class SessionUpdateSerializer(SessionCreateSerializer):
    """The fields to change, each optional; ``needs``, when given, replaces the session's needs."""

    needs = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)


class InviteSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=LinkChannel.choices), min_length=1)


class SeatAttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField(allow_null=True)


class ResultSerializer(serializers.Serializer):
    passed = serializers.BooleanField(allow_null=True)


def _needs_named(need_ids: list[int]) -> list[StaffingNeed]:
    """The needs of ``need_ids``; the service refuses those of another platform."""
    needs = list(StaffingNeed.objects.filter(pk__in=need_ids).select_related("employer"))
    if len(needs) != len(set(need_ids)):
        raise serializers.ValidationError({"needs": [_("No such need.")]})
    return needs


def _session_data(request: Request, session: CollectiveSession) -> dict[str, Any]:
    found = session_for_staff(user=request.user, session_id=session.pk)
    seats = list(session_seats(found))
    personal_data_list_record(actor=request.user, page="session_seats", filters={"session": found.pk})
    return {**SessionSerializer(found).data, "seats": SeatSerializer(seats, many=True).data}


class SessionListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(tags=TAGS, operation_id="staff_sessions_list", responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        page, paginator = paginated(self, request, sessions_for_staff(request.user).order_by("-starts_at", "pk"))
        return paginator.get_paginated_response(SessionSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS, operation_id="staff_sessions_create", request=SessionCreateSerializer, responses={201: dict}
    )
    def post(self, request: Request) -> Response:
        serializer = SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        platform_ids = platform_ids_for(request.user)
        if not platform_ids:
            raise Http404
        platform = Platform.objects.get(pk=min(platform_ids))
        data = dict(serializer.validated_data)
        needs = _needs_named(data.pop("needs"))
        session = session_create(platform=platform, by=request.user, needs=needs, **data)
        return Response(_session_data(request, session), status=status.HTTP_201_CREATED)


class SessionDetailView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_sessions_retrieve", responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_session_data(request, session_for_staff(user=request.user, session_id=pk)))

    @extend_schema(
        tags=TAGS,
        operation_id="staff_sessions_partial_update",
        summary="Change a session's details (the fields given); needs, when given, replace its needs",
        request=SessionUpdateSerializer(partial=True),
        responses=dict,
    )
    def patch(self, request: Request, pk: int) -> Response:
        session = session_for_staff(user=request.user, session_id=pk)
        serializer = SessionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        needs = _needs_named(data.pop("needs")) if "needs" in data else None
        session = session_edit(session=session, by=request.user, needs=needs, **data)
        return Response(_session_data(request, session))


class SessionCancelView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_sessions_cancel",
        summary="Cancel a session: its waiting and taken seats are cancelled, its open links revoked",
        request=None,
        responses=dict,
    )
    def post(self, request: Request, pk: int) -> Response:
        session = session_cancel(session=session_for_staff(user=request.user, session_id=pk), by=request.user)
        return Response(_session_data(request, session))


class SessionInviteView(StaffView):
    @extend_schema(
        tags=TAGS, operation_id="staff_sessions_invite", request=InviteSerializer, responses={201: SeatSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        session = session_for_staff(user=request.user, session_id=pk)
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        candidate = Candidate.objects.filter(pk=serializer.validated_data["candidate"]).first()
        if candidate is None:
            raise serializers.ValidationError({"candidate": ["No such candidate."]})
        seat = session_invite_and_send(
            session=session, candidate=candidate, channels=serializer.validated_data["channels"], by=request.user
        )
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)


class SeatAttendanceView(StaffView):
    @extend_schema(
        tags=TAGS, operation_id="staff_sessions_attendance", request=SeatAttendanceSerializer, responses=SeatSerializer
    )
    def post(self, request: Request, session_id: int, pk: int) -> Response:
        seat = session_seat_for_staff(session=session_for_staff(user=request.user, session_id=session_id), seat_id=pk)
        serializer = SeatAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seat = seat_attendance_record(seat=seat, attended=serializer.validated_data["attended"], by=request.user)
        return Response(SeatSerializer(seat).data)


class SeatResultView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_sessions_result", request=ResultSerializer, responses=SeatSerializer)
    def post(self, request: Request, session_id: int, pk: int) -> Response:
        seat = session_seat_for_staff(session=session_for_staff(user=request.user, session_id=session_id), seat_id=pk)
        serializer = ResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seat = seat_mrs_result_record(seat=seat, passed=serializer.validated_data["passed"], by=request.user)
        return Response(SeatSerializer(seat).data)


class EmployerSessionListView(APIView):
    permission_classes = [IsEmployerMember]
    pagination_class = PageNumberPagination

    @extend_schema(tags=["employer"], operation_id="employer_sessions_list", responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The sessions serving the employer's needs: dates, place, seats taken; never who is invited."""
        found = sessions_for_employer(request.user).filter(cancelled_at__isnull=True).order_by("starts_at", "pk")
        page, paginator = paginated(self, request, found)
        return paginator.get_paginated_response(SessionSerializer(page, many=True).data)


SEAT = "staff/sessions/<id:session_id>/seats/<id:pk>"
urlpatterns = [
    path("staff/sessions/", SessionListView.as_view(), name="staff_session_list"),
    path("staff/sessions/<id:pk>/", SessionDetailView.as_view(), name="staff_session_detail"),
    path("staff/sessions/<id:pk>/cancel/", SessionCancelView.as_view(), name="staff_session_cancel"),
    path("staff/sessions/<id:pk>/invite/", SessionInviteView.as_view(), name="staff_session_invite"),
    path(f"{SEAT}/attendance/", SeatAttendanceView.as_view(), name="staff_session_attendance"),
    path(f"{SEAT}/result/", SeatResultView.as_view(), name="staff_session_result"),
    path("employer/sessions/", EmployerSessionListView.as_view(), name="employer_session_list"),
]
