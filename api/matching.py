"""The staff area of the API for needs, suggestions, runs and presentations (``/api/staff/``).

Only platform staff reach it (others get 403), and only what belongs to their platforms (a superuser, everything):
anything else is a 404. Reads go through scoped selectors (``matching.review_selectors`` for a need and its
suggestions, ``matching.selectors`` for the lists of needs, runs and presentations), writes through the same
services as the review page (``matching.services.presentations`` and ``employer_answers``): a step the workflow
refuses is a 400 with its code.
Candidates' names shown are logged as viewed (``candidates.audit``); sensitive situations are never shown.
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api import converters  # noqa: F401 - registers the "id" path converter
from api.employer_serializers import (
    InterviewSlotSerializer,
    NeedDetailSerializer,
    NeedSerializer,
    ScorePartSerializer,
)
from api.pagination import PageNumberPagination
from api.permissions import IsPlatformStaff
from api.serializers import BoundedDateField, BoundedDateTimeField, QuerySerializer
from api.sourcing_serializers import ReasonSerializer
from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import Candidate, PersonalDataAccess
from employers.enums import ContractType, NeedStatus
from employers.models import StaffingNeed
from matching.access import candidates_handed_off_to
from matching.enums import (
    CandidateAnswer,
    DeclineScope,
    FollowUpResult,
    HireEndReason,
    PresentationStatus,
    RunScope,
    RunStatus,
)
from matching.models import MatchRun, Presentation, PresentationTransition
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
    presentation_for_staff,
    presentation_list_for_staff,
    presentation_transition_list_for_staff,
)
from matching.services import employer_answers, presentations
from matching.wave_selectors import wave_progress_for_need

Status = PresentationStatus
TAGS = ["staff"]
MAX_ID = 999_999_999_999_999_999


def _log_opened(user: User, candidate_id: int) -> None:
    """One presentation's detail names its candidate: logged as that profile opened by this user."""
    personal_data_access_record(actor=user, candidate_ids=[candidate_id], action=PersonalDataAccess.Action.OPENED)


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


class StaffPresentationSerializer(serializers.ModelSerializer):
    need_title = serializers.CharField(source="need.title")
    candidate = CandidateRefSerializer()
    status = serializers.ChoiceField(choices=Status.choices)
    candidate_answer = serializers.ChoiceField(choices=CandidateAnswer.choices)
    contract_type = serializers.ChoiceField(choices=[("", "—"), *ContractType.choices])
    decline_scope = serializers.ChoiceField(
        choices=[("", "—"), *DeclineScope.choices], help_text="What an end rules out: the job, or only its wave."
    )
    follow_up_result = serializers.ChoiceField(
        choices=[("", "—"), *FollowUpResult.choices], help_text="The six-month check's result, once recorded."
    )
    placement_end_reason = serializers.ChoiceField(
        choices=[("", "—"), *HireEndReason.choices], help_text="Why the hire ended, for an ended hire."
    )

    class Meta:
        model = Presentation
        fields = [
            "id",
            "need",
            "need_title",
            "candidate",
            "status",
            "candidate_answer",
            "candidate_answer_reason",
            "reason",
            "reason_code",
            "interview_accepted_at",
            "interview_at",
            "created_at",
            "presented_at",
            "closed_at",
            "contract_type",
            "contract_duration_months",
            "hire_starts_on",
            "follow_up_due_on",
            "still_in_work",
            "follow_up_result",
            "follow_up_checked_on",
            "follow_up_note",
            "placement_ended_on",
            "placement_end_reason",
            "placement_end_note",
            "wave",
            "decline_scope",
        ]
        read_only_fields = fields


class StaffPresentationDetailSerializer(StaffPresentationSerializer):
    slots = InterviewSlotSerializer(many=True, source="interview_slots.all")

    class Meta(StaffPresentationSerializer.Meta):
        fields = [*StaffPresentationSerializer.Meta.fields, "slots"]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    from_status = serializers.ChoiceField(choices=[("", "—"), *Status.choices])
    to_status = serializers.ChoiceField(choices=Status.choices)
    by = serializers.SerializerMethodField()

    class Meta:
        model = PresentationTransition
        fields = ["id", "from_status", "to_status", "at", "reason", "by"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_by(self, transition: PresentationTransition) -> str | None:
        if transition.by is None:
            return None
        return transition.by.get_full_name() or transition.by.email


class ShortlistSerializer(serializers.Serializer):
    """A candidate of the user's platforms (or handed off to them for that need) put on the shortlist of a need of
    the user's platforms."""

    need = serializers.PrimaryKeyRelatedField(queryset=StaffingNeed.objects.none())
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        user = self.context["request"].user
        fields["need"].queryset = StaffingNeed.objects.for_platform_staff(user)  # type: ignore[attr-defined]
        candidates = Candidate.objects.for_platform_staff(user) | candidates_handed_off_to(user)
        fields["candidate"].queryset = candidates  # type: ignore[attr-defined]
        return fields


# Steps forward only: ending a hire, reopening and un-shortlisting have their own endpoints (``api.undo``).
STEP_CHOICES = [
    (status.value, status.label) for status in Status if status not in (Status.SHORTLISTED, Status.HIRE_ENDED)
]
ANSWER_CHOICES = [(value, label) for value, label in CandidateAnswer.choices if value != CandidateAnswer.NOT_CONTACTED]


class TransitionInputSerializer(serializers.Serializer):
    """One step of the workflow: a new status, or one of the two steps that keep it.

    - ``to_status``: presented, interview_requested, interview_scheduled (with ``interview_at``), hired (with
      ``contract_type``, ``starts_on`` and, for a CDD, ``contract_duration_months``), not_hired, withdrawn,
      declined_by_employer, declined_by_candidate (these four with a ``reason``);
    - or ``candidate_answer`` (contacted, interested, not_interested with a ``reason``), before the presentation;
    - or ``interview_accepted: true``: the candidate accepted the interview the employer asked for.

    An end (and ``not_interested``) takes ``decline_scope``: ``need`` (the default) rules the candidate out of the
    job, ``wave`` only out of the presentation's wave and the earlier ones (kept in the pool for a later wave).
    """

    to_status = serializers.ChoiceField(choices=STEP_CHOICES, required=False)
    candidate_answer = serializers.ChoiceField(choices=ANSWER_CHOICES, required=False)
    interview_accepted = serializers.BooleanField(required=False)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    decline_scope = serializers.ChoiceField(choices=DeclineScope.choices, required=False, allow_blank=True, default="")
    interview_at = BoundedDateTimeField(required=False)
    contract_type = serializers.ChoiceField(choices=ContractType.choices, required=False)
    contract_duration_months = serializers.IntegerField(min_value=1, max_value=60, required=False, allow_null=True)
    starts_on = BoundedDateField(required=False)

    def validate(self, data: dict) -> dict:
        given = [name for name in ("to_status", "candidate_answer") if name in data]
        if data.get("interview_accepted"):
            given.append("interview_accepted")
        if len(given) != 1:
            raise serializers.ValidationError(
                _("Give exactly one of to_status, candidate_answer or interview_accepted: true."), code="one_step"
            )
        required = {Status.HIRED: ("contract_type", "starts_on"), Status.INTERVIEW_SCHEDULED: ("interview_at",)}
        missing = [name for name in required.get(data.get("to_status", ""), ()) if data.get(name) is None]
        if missing:
            raise serializers.ValidationError({name: [_("Required for this step.")] for name in missing})
        return data


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


class PresentationQuerySerializer(QuerySerializer):
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    candidate = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)


# Views.


class StaffView(APIView):
    permission_classes = [IsPlatformStaff]


def _paginated(view: APIView, request: Request, items: Any) -> tuple[list, PageNumberPagination]:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return page, paginator


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
        page, paginator = _paginated(self, request, need_list_for_staff(user=request.user, filters=filters))
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
        suggestion_page, paginator = _paginated(self, request, suggestions)
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
        page, paginator = _paginated(self, request, match_run_list_for_staff(user=request.user, filters=filters))
        return paginator.get_paginated_response(RunSerializer(page, many=True).data)


class RunDetailView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_runs_retrieve", responses=RunSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RunSerializer(match_run_for_staff(user=request.user, run_id=pk)).data)


class PresentationListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_list",
        summary="Presentations, newest first",
        parameters=[PresentationQuerySerializer],
        responses=StaffPresentationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = PresentationQuerySerializer.parsed(request.query_params)
        found = presentation_list_for_staff(user=request.user, filters=filters)
        page, paginator = _paginated(self, request, found)
        personal_data_list_record(
            actor=request.user,
            page="api_presentations",
            filters={**filters, "page": request.query_params.get("page") or 1},
        )
        return paginator.get_paginated_response(StaffPresentationSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_create",
        summary="Shortlist a candidate for a need",
        request=ShortlistSerializer,
        responses={201: StaffPresentationDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = ShortlistSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        presentation = presentations.presentation_shortlist(
            need=serializer.validated_data["need"], candidate=serializer.validated_data["candidate"], by=request.user
        )
        return Response(_presentation_data(request.user, presentation.pk), status=status.HTTP_201_CREATED)


def _presentation_data(user: User, presentation_id: int) -> dict:
    presentation = presentation_for_staff(user=user, presentation_id=presentation_id)
    _log_opened(user, presentation.candidate_id)
    return StaffPresentationDetailSerializer(presentation).data


class PresentationDetailView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_retrieve",
        summary="One presentation, with its interview slots",
        responses=StaffPresentationDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_presentation_data(request.user, pk))


class TransitionListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_transitions_list",
        summary="A presentation's history, oldest first",
        responses=TransitionSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        transitions = presentation_transition_list_for_staff(user=request.user, presentation_id=pk)
        page, paginator = _paginated(self, request, transitions)
        return paginator.get_paginated_response(TransitionSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_transitions_create",
        summary="Take a step of the workflow",
        description=TransitionInputSerializer.__doc__,
        request=TransitionInputSerializer,
        responses={201: StaffPresentationDetailSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_staff(user=request.user, presentation_id=pk)
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _step(presentation, serializer.validated_data, request.user)
        return Response(_presentation_data(request.user, pk), status=status.HTTP_201_CREATED)


def _step(presentation: Presentation, data: dict, by: User) -> None:
    """Call the one service of the workflow that the step names, as the review page does."""
    if "candidate_answer" in data:
        presentations.presentation_answer_record(
            presentation=presentation,
            answer=data["candidate_answer"],
            reason=data["reason"],
            decline_scope=data["decline_scope"],
            by=by,
        )
        return
    if data.get("interview_accepted"):
        employer_answers.presentation_interview_accept(presentation=presentation, by=by)
        return
    to_status = data["to_status"]
    if to_status == Status.PRESENTED:
        presentations.presentation_present(presentations=[presentation], by=by)
    elif to_status == Status.INTERVIEW_SCHEDULED:
        # Scheduling implies the candidate accepted the interview: recorded too when it was not yet.
        employer_answers.presentation_interview_schedule(
            presentation=presentation, interview_at=data["interview_at"], by=by
        )
    elif to_status == Status.HIRED:
        presentations.presentation_hire(
            presentation=presentation,
            contract_type=data["contract_type"],
            contract_duration_months=data.get("contract_duration_months"),
            starts_on=data["starts_on"],
            by=by,
        )
    else:
        presentations.presentation_transition(
            presentation=presentation,
            to_status=to_status,
            reason=data["reason"],
            decline_scope=data["decline_scope"],
            by=by,
        )


urlpatterns = [
    path("needs/", NeedListView.as_view(), name="staff_need_list"),
    path("needs/<id:pk>/", NeedDetailView.as_view(), name="staff_need_detail"),
    path("needs/<id:pk>/suggestions/", SuggestionListView.as_view(), name="staff_need_suggestions"),
    path("runs/", RunListView.as_view(), name="staff_run_list"),
    path("runs/<id:pk>/", RunDetailView.as_view(), name="staff_run_detail"),
    path("presentations/", PresentationListView.as_view(), name="staff_presentation_list"),
    path("presentations/<id:pk>/", PresentationDetailView.as_view(), name="staff_presentation_detail"),
    path("presentations/<id:pk>/transitions/", TransitionListView.as_view(), name="staff_presentation_transitions"),
]
