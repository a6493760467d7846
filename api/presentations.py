"""The staff area of the API for presentations and their workflow (``/api/staff/presentations/``).

As ``api.matching``: only platform staff, only the presentations of their platforms (anything else is a 404). Reads
go through ``matching.selectors``, each step through the same services as the review page
(``matching.services.presentations`` and ``employer_answers``): a step the workflow refuses is a 400 with its
code. A presentation's detail names its candidate and is logged as that profile opened (``candidates.audit``).
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api import converters  # noqa: F401 - registers the "id" path converter
from api.employer_serializers import InterviewSlotSerializer
from api.matching import MAX_ID, TAGS, CandidateRefSerializer, StaffView
from api.pagination import PageNumberPagination, paginated
from api.serializers import BoundedDateField, BoundedDateTimeField, QuerySerializer
from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import Candidate, PersonalDataAccess
from employers.enums import ContractType
from employers.models import StaffingNeed
from matching.access import candidates_handed_off_to
from matching.enums import CandidateAnswer, DeclineScope, FollowUpResult, HireEndReason, PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.selectors import (
    presentation_for_staff,
    presentation_list_for_staff,
    presentation_transition_list_for_staff,
)
from matching.services import employer_answers, presentations

Status = PresentationStatus


def _log_opened(user: User, candidate_id: int) -> None:
    """One presentation's detail names its candidate: logged as that profile opened by this user."""
    personal_data_access_record(actor=user, candidate_ids=[candidate_id], action=PersonalDataAccess.Action.OPENED)


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


class PresentationQuerySerializer(QuerySerializer):
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    candidate = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)


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
        page, paginator = paginated(self, request, found)
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
        page, paginator = paginated(self, request, transitions)
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
    path("presentations/", PresentationListView.as_view(), name="staff_presentation_list"),
    path("presentations/<id:pk>/", PresentationDetailView.as_view(), name="staff_presentation_detail"),
    path("presentations/<id:pk>/transitions/", TransitionListView.as_view(), name="staff_presentation_transitions"),
]
