"""The staff area of the API for a need's waves (``/api/staff/``): its pool, and moving a presentation to another
wave.

As ``api.matching``: only platform staff, only their platforms' needs and the presentations they may work (anything
else is a 404); reads through ``matching.wave_selectors``, writes through ``matching.services.presentation_waves``.
Ending a presentation "not for this wave" (keeping its candidate for a later wave) is a step of the workflow:
``POST /api/staff/presentations/<id>/transitions/`` with ``decline_scope: "wave"``. The pool names people: each one
shown is logged as viewed. The employer's API never reads the pool.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api import converters  # noqa: F401 - registers the "id" path converter
from api.matching import CandidateRefSerializer, StaffView
from api.presentations import StaffPresentationDetailSerializer
from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import PersonalDataAccess
from employers.models import RecruitingWave
from matching.review_selectors import need_for_review
from matching.selectors import presentation_for_staff
from matching.services.presentation_waves import presentation_wave_move
from matching.wave_selectors import pool_for_need

TAGS = ["staff"]


class PoolEntrySerializer(serializers.Serializer):
    presentation = serializers.IntegerField(source="presentation.pk")
    candidate = CandidateRefSerializer()
    kept_from = serializers.DateField(help_text="Start of the wave the person was kept from.")
    reason = serializers.CharField()
    ended_at = serializers.DateTimeField(allow_null=True)


class WaveMoveSerializer(serializers.Serializer):
    wave = serializers.IntegerField(min_value=1, help_text="One of the need's open waves.")
    reason = serializers.CharField(max_length=200)


class NeedPoolView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_pool_list",
        summary="People kept for a later wave of the need (its pool)",
        responses=PoolEntrySerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        need = need_for_review(user=request.user, need_id=pk)
        pool = pool_for_need(need=need, user=request.user)
        # A list: one entry in the access log (``candidates.audit``).
        personal_data_list_record(actor=request.user, page="api_pool", filters={"need": need.pk})
        return Response(PoolEntrySerializer(pool, many=True).data)


class PresentationWaveView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_wave_update",
        summary="Put a presentation forward for another open wave of its need",
        request=WaveMoveSerializer,
        responses=StaffPresentationDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_staff(user=request.user, presentation_id=pk)
        serializer = WaveMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wave = get_object_or_404(RecruitingWave, need_id=presentation.need_id, pk=serializer.validated_data["wave"])
        presentation_wave_move(
            presentation=presentation, wave=wave, reason=serializer.validated_data["reason"], by=request.user
        )
        moved = presentation_for_staff(user=request.user, presentation_id=pk)
        # The answer names the person moved: that presentation's profile is logged as opened.
        personal_data_access_record(
            actor=request.user, candidate_ids=[moved.candidate_id], action=PersonalDataAccess.Action.OPENED
        )
        return Response(StaffPresentationDetailSerializer(moved).data)


urlpatterns = [
    path("needs/<id:pk>/pool/", NeedPoolView.as_view(), name="staff_need_pool"),
    path("presentations/<id:pk>/wave/", PresentationWaveView.as_view(), name="staff_presentation_wave"),
]
