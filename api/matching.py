"""The staff area of the API for needs, their suggestions and matching runs (``/api/staff/``).

Only platform staff reach it (others get 403), and only what belongs to their platforms (a superuser, everything):
anything else is a 404. Reads go through scoped selectors (``matching.review_selectors`` for a need and its
suggestions, ``matching.selectors`` for the lists of needs and runs). Presentations and their workflow are in
``api.presentations``, on the same ``StaffView``.
Candidates' names shown are logged as viewed (``candidates.audit``); sensitive situations are never shown.
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import converters  # noqa: F401 - registers the "id" path converter
from api.employer_serializers import (
    NeedDetailSerializer,
    NeedSerializer,
    ScorePartSerializer,
)
from api.pagination import PageNumberPagination, paginated
from api.permissions import IsPlatformStaff
from api.serializers import QuerySerializer
from api.sourcing_serializers import ReasonSerializer
from candidates.audit import personal_data_list_record
from employers.enums import NeedStatus
from matching.enums import (
    PresentationStatus,
    RunScope,
    RunStatus,
)
from matching.models import MatchRun
from matching.review_selectors import (
    DISTANCE_BANDS,
    SuggestionFilters,
    need_for_review,
    presentation_list_for_review,
    suggestion_rows_build,
    suggestions_for_review,
)
from matching.selectors import (
    match_run_for_staff,
    match_run_list_for_staff,
    need_list_for_staff,
)
from matching.wave_selectors import wave_progress_for_need

Status = PresentationStatus
TAGS = ["staff"]
MAX_ID = 999_999_999_999_999_999


# Serializers.


class EmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    legal_name = serializers.CharField()


class StaffNeedSerializer(NeedSerializer):
    employer = EmployerRefSerializer(read_only=True)

    class Meta(NeedSerializer.Meta):
        fields = ["employer", *NeedSerializer.Meta.fields]
        read_only_fields = fields


class StaffNeedDetailSerializer(StaffNeedSerializer, NeedDetailSerializer):
    """A need with the figures of each of its waves (the ``waves`` context), as its employer reads them too."""

    class Meta(StaffNeedSerializer.Meta):
        fields = [*StaffNeedSerializer.Meta.fields, "waves"]
        read_only_fields = fields


class CandidateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class PresentationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)


class SuggestionSerializer(serializers.Serializer):
    """A suggested candidate for a need, with the score's explanation (``SuggestionRow`` of the review page)."""

    id = serializers.IntegerField(source="suggestion.pk")
    candidate = serializers.SerializerMethodField(
        help_text="Null for a candidate of another platform not handed over for this need: see ``pseudonym``."
    )
    pseudonym = serializers.CharField(help_text="How your platform calls a candidate of another platform.")
    candidate_platform = serializers.CharField(source="platform_name")
    hand_off_status = serializers.SerializerMethodField(
        help_text="Your platform's latest request for this candidate and need: requested, accepted, declined or null."
    )
    rank = serializers.IntegerField(source="suggestion.rank")
    score_points = serializers.FloatField(source="suggestion.score_points")
    score_parts = ScorePartSerializer(many=True, source="parts")
    distance_km = serializers.FloatField(source="suggestion.distance_km")
    distance_band = serializers.CharField()
    is_related_occupation = serializers.BooleanField(source="suggestion.is_related_occupation")
    skills_to_train = serializers.SerializerMethodField()
    needs_training = serializers.BooleanField(source="suggestion.needs_training")
    mrs_stands_in = serializers.BooleanField(
        source="suggestion.mrs_stands_in",
        help_text="An MRS test passed in a session serving the need stood in for experience or skills it asks.",
    )
    is_proposed = serializers.BooleanField(source="suggestion.is_proposed")
    proposed_wave = serializers.IntegerField(source="suggestion.proposed_wave_id", allow_null=True)
    first_wave = serializers.IntegerField(source="suggestion.first_wave_id", allow_null=True)
    reasons = ReasonSerializer(many=True)
    scoring_version = serializers.CharField(source="suggestion.scoring_version")
    computed_at = serializers.DateTimeField(source="suggestion.computed_at")
    presentation = PresentationRefSerializer(allow_null=True)

    @extend_schema_field(CandidateRefSerializer(allow_null=True))
    def get_candidate(self, row: Any) -> dict | None:
        return CandidateRefSerializer(row.suggestion.candidate).data if row.is_workable else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hand_off_status(self, row: Any) -> str | None:
        return row.hand_off.status if row.hand_off is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills_to_train(self, row: Any) -> list[str]:
        return [str(item.get("label", "")) for item in row.suggestion.skills_to_train or [] if isinstance(item, dict)]


class RunSerializer(serializers.ModelSerializer):
    scope = serializers.ChoiceField(choices=RunScope.choices)
    status = serializers.ChoiceField(choices=RunStatus.choices)
    progress_percent = serializers.IntegerField()
    timings = serializers.DictField(child=serializers.FloatField(), help_text=_("Seconds spent per step."))

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "scope",
            "need",
            "candidate",
            "status",
            "progress_done",
            "progress_total",
            "progress_percent",
            "scoring_version",
            "attempts",
            "suggestions_stored",
            "timings",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class NeedQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    employer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    occupation = serializers.RegexField(r"^[A-Na-n][0-9]{4}$", required=False, help_text=_("ROME code."))


class SuggestionQuerySerializer(QuerySerializer):
    min_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, help_text=_("In points, 0–100.")
    )
    proposed = serializers.BooleanField(
        required=False,
        default=None,  # absent: both (a query string's missing boolean would otherwise read as false)
        allow_null=True,
        help_text=_("true: only those proposed by the allocation; false: only those not proposed."),
    )
    wave = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("A wave of the need: those proposed for it, or not proposed and able to make it."),
    )
    training = serializers.BooleanField(required=False, help_text=_("Only those who need the training."))
    distance = serializers.ChoiceField(
        choices=[(key, str(label)) for key, label, _lower, _upper in DISTANCE_BANDS], required=False
    )


class RunQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=RunStatus.choices, required=False)
    scope = serializers.ChoiceField(choices=RunScope.choices, required=False)
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


# Views.


class StaffView(APIView):
    permission_classes = [IsPlatformStaff]


class NeedListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_list",
        summary="Needs of the user's platforms",
        parameters=[NeedQuerySerializer],
        responses=StaffNeedSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = NeedQuerySerializer.parsed(request.query_params)
        page, paginator = paginated(self, request, need_list_for_staff(user=request.user, filters=filters))
        return paginator.get_paginated_response(StaffNeedSerializer(page, many=True).data)


class NeedDetailView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_needs_retrieve", responses=StaffNeedDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        need = need_for_review(user=request.user, need_id=pk)
        return Response(StaffNeedDetailSerializer(need, context={"waves": wave_progress_for_need(need)}).data)


class SuggestionListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_suggestions_list",
        summary="A need's suggestions, proposed first then by rank, with their explanation and reasons",
        parameters=[SuggestionQuerySerializer],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        query = SuggestionQuerySerializer.parsed(request.query_params)
        need = need_for_review(user=request.user, need_id=pk)
        min_score = query.get("min_score")
        filters = SuggestionFilters(
            proposed_only=query.get("proposed") is True,
            not_proposed_only=query.get("proposed") is False,
            wave_id=query.get("wave"),
            training_only=query.get("training", False),
            min_score=None if min_score is None else int(min_score * 100),
            distance_band=query.get("distance", ""),
        )
        suggestions = suggestions_for_review(need=need, filters=filters).select_related("candidate__platform")
        suggestion_page, paginator = paginated(self, request, suggestions)
        page = suggestion_rows_build(
            need=need,
            user=request.user,
            suggestions=list(suggestion_page or []),
            presentations=presentation_list_for_review(need=need, user=request.user),
        )
        # A list: one entry in the access log, with its filters (``candidates.audit``).
        personal_data_list_record(
            actor=request.user,
            page="api_suggestions",
            filters={"need": need.pk, "page": request.query_params.get("page") or 1, **filters.codes()},
        )
        return paginator.get_paginated_response(SuggestionSerializer(page, many=True).data)


class RunListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_runs_list",
        summary="Matching runs, newest first",
        parameters=[RunQuerySerializer],
        responses=RunSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = RunQuerySerializer.parsed(request.query_params)
        page, paginator = paginated(self, request, match_run_list_for_staff(user=request.user, filters=filters))
        return paginator.get_paginated_response(RunSerializer(page, many=True).data)


class RunDetailView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_runs_retrieve", responses=RunSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RunSerializer(match_run_for_staff(user=request.user, run_id=pk)).data)


urlpatterns = [
    path("needs/", NeedListView.as_view(), name="staff_need_list"),
    path("needs/<id:pk>/", NeedDetailView.as_view(), name="staff_need_detail"),
    path("needs/<id:pk>/suggestions/", SuggestionListView.as_view(), name="staff_need_suggestions"),
    path("runs/", RunListView.as_view(), name="staff_run_list"),
    path("runs/<id:pk>/", RunDetailView.as_view(), name="staff_run_detail"),
]
