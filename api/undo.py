"""The staff area of the API for undoing a decision and recording the six-month check (``/api/staff/``).

As ``api.matching``: only platform staff, only the presentations they may work (anything else is a 404), and the
same services as the review page and the admin (``matching.services.undo``, ``matching.services.follow_ups``): a
step they refuse is a 400 with its code. Each answers with the presentation, whose profile is logged as opened.
"""

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api import converters  # noqa: F401 - registers the "id" path converter
from api.matching import StaffView
from api.presentations import StaffPresentationDetailSerializer
from api.serializers import BoundedDateField
from candidates.audit import personal_data_access_record
from candidates.models import PersonalDataAccess
from matching.enums import FollowUpResult, HireEndReason
from matching.models import Presentation
from matching.selectors import presentation_for_staff
from matching.services.follow_ups import presentation_follow_up_record
from matching.services.undo import presentation_hire_end, presentation_reopen, presentation_unshortlist

TAGS = ["staff"]


class FollowUpInputSerializer(serializers.Serializer):
    """The six-month check of a hire (ended since or not) or of an entry into training: the result, the day the
    person was reached (or tried), not before the start nor in the future, and a note. Recording it again
    corrects it; it stops the reminders."""

    result = serializers.ChoiceField(choices=FollowUpResult.choices)
    checked_on = BoundedDateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class HireEndInputSerializer(serializers.Serializer):
    """A hire that ends: its last day (not in the future, nor before it started or was recorded), why, and a comment
    ("other" needs one). The seat opens again; the hire stays in the history as ``hire_ended``."""

    ended_on = BoundedDateField()
    reason_code = serializers.ChoiceField(choices=HireEndReason.choices)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ReopenInputSerializer(serializers.Serializer):
    """Undo an end without a hire (not hired, withdrawn, declined by either side): back to the step it left."""

    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class _StepView(StaffView):
    """One service's step on a presentation: the body checked by ``input_serializer`` (none: no body), the service
    called with its values, and the presentation answered; its profile is logged as opened (it names the person)."""

    input_serializer: type[serializers.Serializer] | None = None

    @staticmethod
    def step(*, presentation: Presentation, by: User, **values: Any) -> object:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_staff(user=request.user, presentation_id=pk)
        values: dict[str, Any] = {}
        if self.input_serializer is not None:
            serializer = self.input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = serializer.validated_data
        self.step(presentation=presentation, by=request.user, **values)
        fresh = presentation_for_staff(user=request.user, presentation_id=pk)
        personal_data_access_record(
            actor=request.user, candidate_ids=[fresh.candidate_id], action=PersonalDataAccess.Action.OPENED
        )
        return Response(StaffPresentationDetailSerializer(fresh).data)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_follow_up_create",
        summary="Record the six-month check",
        description=FollowUpInputSerializer.__doc__,
        request=FollowUpInputSerializer,
        responses=StaffPresentationDetailSerializer,
    )
)
class FollowUpView(_StepView):
    input_serializer = FollowUpInputSerializer
    step = staticmethod(presentation_follow_up_record)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_hire_end_create",
        summary="End a hire: its seat opens again",
        description=HireEndInputSerializer.__doc__,
        request=HireEndInputSerializer,
        responses=StaffPresentationDetailSerializer,
    )
)
class HireEndView(_StepView):
    input_serializer = HireEndInputSerializer
    step = staticmethod(presentation_hire_end)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_reopen_create",
        summary="Reopen a presentation that ended without a hire",
        description=ReopenInputSerializer.__doc__,
        request=ReopenInputSerializer,
        responses=StaffPresentationDetailSerializer,
    )
)
class ReopenView(_StepView):
    input_serializer = ReopenInputSerializer
    step = staticmethod(presentation_reopen)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_unshortlist_create",
        summary="Take a shortlisted candidate, not yet presented, off the shortlist",
        description="Withdrawn with a neutral reason, which rules them out of nothing: shortlisting them again "
        "reopens the same presentation.",
        request=None,
        responses=StaffPresentationDetailSerializer,
    )
)
class UnshortlistView(_StepView):
    step = staticmethod(presentation_unshortlist)


urlpatterns = [
    path("presentations/<id:pk>/follow-up/", FollowUpView.as_view(), name="staff_presentation_follow_up"),
    path("presentations/<id:pk>/hire-end/", HireEndView.as_view(), name="staff_presentation_hire_end"),
    path("presentations/<id:pk>/reopen/", ReopenView.as_view(), name="staff_presentation_reopen"),
    path("presentations/<id:pk>/unshortlist/", UnshortlistView.as_view(), name="staff_presentation_unshortlist"),
]
