"""The API of a need's training cohorts: the employer's own needs (``/api/employer/needs/<id>/cohorts/``) and the
platforms' staff (``/api/staff/needs/<id>/cohorts/``, with the trainees' steps).

The same form, services and selectors as the portal and the review page: a cohort's details are checked by
``employers.cohort_forms.CohortForm`` and saved by ``employers.cohorts``; a trainee's steps are
``matching.services.cohorts``'. A need out of the user's reach, or a cohort or trainee of another need, is a 404;
a refused step is a 400 with the service's words. Trainees are listed to staff only, by candidate number.
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.employers import EmployerView
from api.matching import StaffView
from employers.cohort_forms import CohortForm
from employers.cohorts import CohortDetails, cohort_create, cohort_update
from employers.enums import CohortFunder, TrainingKind
from employers.models import StaffingNeed, TrainingCohort
from matching import employer_selectors
from matching.cohort_selectors import (
    cohort_for_need,
    cohort_list_for_need,
    cohort_list_for_staff,
    enrolment_for_staff,
    presentations_to_enrol,
)
from matching.enums import DropOutReason
from matching.models import CohortEnrolment
from matching.review_selectors import need_for_review
from matching.services.cohorts import (
    MAX_DAYS,
    cohort_attendance_record,
    cohort_complete,
    cohort_drop_out,
    cohort_enrol,
)
from matching.services.employer_answers import COMMENT_MAX_LENGTH


class CohortSerializer(serializers.ModelSerializer):
    seats_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingCohort
        fields = [
            "id",
            "need",
            "kind",
            "training_body",
            "place",
            "starts_on",
            "ends_on",
            "capacity",
            "seats_taken",
            "seats_left",
            "funder",
            "status",
        ]
        read_only_fields = fields


class CohortInputSerializer(serializers.Serializer):
    """A cohort's details; on a change, the fields left out keep their values."""

    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    training_body = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField()
    funder = serializers.ChoiceField(choices=CohortFunder.choices)


class EnrolmentSerializer(serializers.ModelSerializer):
    candidate = serializers.IntegerField(source="presentation.candidate_id", read_only=True)

    class Meta:
        model = CohortEnrolment
        fields = [
            "id",
            "cohort",
            "presentation",
            "candidate",
            "status",
            "enrolled_at",
            "days_attended",
            "days_missed",
            "attendance_recorded_at",
            "ended_on",
            "drop_out_reason",
            "drop_out_comment",
        ]
        read_only_fields = fields


class EnrolSerializer(serializers.Serializer):
    presentation = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999)


class AttendanceSerializer(serializers.Serializer):
    days_attended = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)
    days_missed = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)


class DropOutSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DropOutReason.choices)
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")


def _details(data: Any, cohort: TrainingCohort | None = None) -> CohortDetails:
    """The details sent, checked by the cohort form (over the cohort's current ones for a change)."""
    if not hasattr(data, "keys"):
        raise serializers.ValidationError({"non_field_errors": [_("Send an object.")]})
    current = {} if cohort is None else {name: getattr(cohort, name) for name in CohortDetails.field_names()}
    form = CohortForm(data=current | {name: data[name] for name in CohortDetails.field_names() if name in data})
    if not form.is_valid():
        raise serializers.ValidationError({field: list(messages) for field, messages in form.errors.items()})
    return form.details()


class _CohortListView:
    """Lists a need's cohorts and plans new ones; ``_need`` finds the need for the area's user."""

    def _need(self, request: Request, need_id: int) -> StaffingNeed:
        raise NotImplementedError

    def get(self, request: Request, need_id: int) -> Response:
        need = self._need(request, need_id)
        return Response(CohortSerializer(cohort_list_for_need(need=need), many=True).data)

    def post(self, request: Request, need_id: int) -> Response:
        need = self._need(request, need_id)
        cohort = cohort_create(need=need, details=_details(request.data), by=request.user)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)


class _CohortDetailView:
    def _need(self, request: Request, need_id: int) -> StaffingNeed:
        raise NotImplementedError

    def get(self, request: Request, need_id: int, pk: int) -> Response:
        return Response(CohortSerializer(cohort_for_need(need=self._need(request, need_id), cohort_id=pk)).data)

    def patch(self, request: Request, need_id: int, pk: int) -> Response:
        cohort = cohort_for_need(need=self._need(request, need_id), cohort_id=pk)
        saved = cohort_update(cohort=cohort, details=_details(request.data, cohort), by=request.user)
        return Response(CohortSerializer(saved).data)


def _employer_need(request: Request, need_id: int) -> StaffingNeed:
    return employer_selectors.need_for_employer(user=request.user, need_id=need_id)


def _staff_need(request: Request, need_id: int) -> StaffingNeed:
    return need_for_review(user=request.user, need_id=need_id)


LIST_SCHEMA = {"responses": CohortSerializer(many=True)}
CREATE_SCHEMA = {"request": CohortInputSerializer, "responses": {201: CohortSerializer}}
UPDATE_SCHEMA = {"request": CohortInputSerializer(partial=True), "responses": CohortSerializer}


class EmployerCohortListView(_CohortListView, EmployerView):
    _need = staticmethod(_employer_need)

    @extend_schema(
        tags=["employer"],
        operation_id="employer_cohorts_list",
        summary="The cohorts of one of your needs",
        **LIST_SCHEMA,
    )
    def get(self, request: Request, need_id: int) -> Response:
        return super().get(request, need_id)

    @extend_schema(
        tags=["employer"],
        operation_id="employer_cohorts_create",
        summary="Plan a training cohort for one of your needs",
        **CREATE_SCHEMA,
    )
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


class EmployerCohortDetailView(_CohortDetailView, EmployerView):
    _need = staticmethod(_employer_need)

    @extend_schema(
        tags=["employer"],
        operation_id="employer_cohorts_retrieve",
        summary="One cohort of one of your needs",
        responses=CohortSerializer,
    )
    def get(self, request: Request, need_id: int, pk: int) -> Response:
        return super().get(request, need_id, pk)

    @extend_schema(
        tags=["employer"],
        operation_id="employer_cohorts_update",
        summary="Change a planned or running cohort",
        **UPDATE_SCHEMA,
    )
    def patch(self, request: Request, need_id: int, pk: int) -> Response:
        return super().patch(request, need_id, pk)


class StaffCohortListView(_CohortListView, StaffView):
    _need = staticmethod(_staff_need)

    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohorts_list",
        summary="The cohorts of a need of your platforms",
        **LIST_SCHEMA,
    )
    def get(self, request: Request, need_id: int) -> Response:
        return super().get(request, need_id)

    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohorts_create",
        summary="Plan a training cohort for a need",
        **CREATE_SCHEMA,
    )
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


class StaffCohortDetailView(_CohortDetailView, StaffView):
    _need = staticmethod(_staff_need)

    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohorts_retrieve",
        summary="One cohort of a need",
        responses=CohortSerializer,
    )
    def get(self, request: Request, need_id: int, pk: int) -> Response:
        return super().get(request, need_id, pk)

    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohorts_update",
        summary="Change a planned or running cohort",
        **UPDATE_SCHEMA,
    )
    def patch(self, request: Request, need_id: int, pk: int) -> Response:
        return super().patch(request, need_id, pk)


class StaffEnrolmentListView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohort_trainees_list",
        summary="A cohort's trainees you may work",
        responses=EnrolmentSerializer(many=True),
    )
    def get(self, request: Request, need_id: int, pk: int) -> Response:
        need = _staff_need(request, need_id)
        cohort_for_need(need=need, cohort_id=pk)
        cohorts = [cohort for cohort in cohort_list_for_staff(need=need, user=request.user) if cohort.pk == pk]
        return Response(EnrolmentSerializer(cohorts[0].trainees, many=True).data)  # type: ignore[attr-defined]

    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohort_trainees_create",
        summary="Enrol a presented candidate in the cohort",
        request=EnrolSerializer,
        responses={201: EnrolmentSerializer},
    )
    def post(self, request: Request, need_id: int, pk: int) -> Response:
        need = _staff_need(request, need_id)
        cohort = cohort_for_need(need=need, cohort_id=pk)
        serializer = EnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        presentation = (
            presentations_to_enrol(need=need, user=request.user)
            .filter(pk=serializer.validated_data["presentation"])
            .first()
        )
        if presentation is None:
            raise serializers.ValidationError({"presentation": [_("No presented candidate of this need to enrol.")]})
        enrolment = cohort_enrol(presentation=presentation, cohort=cohort, by=request.user)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


def _enrolment(request: Request, need_id: int, cohort_id: int, pk: int) -> CohortEnrolment:
    return enrolment_for_staff(
        need=_staff_need(request, need_id), user=request.user, cohort_id=cohort_id, enrolment_id=pk
    )


def _trainee_data(enrolment: CohortEnrolment) -> Any:
    return EnrolmentSerializer(CohortEnrolment.objects.select_related("presentation").get(pk=enrolment.pk)).data


class StaffAttendanceView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohort_trainees_attendance",
        summary="Record a trainee's days attended and missed",
        request=AttendanceSerializer,
        responses=EnrolmentSerializer,
    )
    def post(self, request: Request, need_id: int, cohort_id: int, pk: int) -> Response:
        enrolment = _enrolment(request, need_id, cohort_id, pk)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cohort_attendance_record(enrolment=enrolment, by=request.user, **serializer.validated_data)
        return Response(_trainee_data(enrolment))


class StaffCompleteView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohort_trainees_complete",
        summary="The trainee completed the training: record the hire",
        request=None,
        responses=EnrolmentSerializer,
    )
    def post(self, request: Request, need_id: int, cohort_id: int, pk: int) -> Response:
        enrolment = _enrolment(request, need_id, cohort_id, pk)
        cohort_complete(enrolment=enrolment, by=request.user)
        return Response(_trainee_data(enrolment))


class StaffDropOutView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_cohort_trainees_drop_out",
        summary="The trainee left the training: free the seat",
        request=DropOutSerializer,
        responses=EnrolmentSerializer,
    )
    def post(self, request: Request, need_id: int, cohort_id: int, pk: int) -> Response:
        enrolment = _enrolment(request, need_id, cohort_id, pk)
        serializer = DropOutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cohort_drop_out(enrolment=enrolment, by=request.user, **serializer.validated_data)
        return Response(_trainee_data(enrolment))


TRAINEE = "staff/needs/<id:need_id>/cohorts/<id:cohort_id>/trainees/<id:pk>"
urlpatterns = [
    path("employer/needs/<id:need_id>/cohorts/", EmployerCohortListView.as_view(), name="employer_need_cohort_list"),
    path(
        "employer/needs/<id:need_id>/cohorts/<id:pk>/",
        EmployerCohortDetailView.as_view(),
        name="employer_need_cohort_detail",
    ),
    path("staff/needs/<id:need_id>/cohorts/", StaffCohortListView.as_view(), name="staff_need_cohort_list"),
    path(
        "staff/needs/<id:need_id>/cohorts/<id:pk>/", StaffCohortDetailView.as_view(), name="staff_need_cohort_detail"
    ),
    path(
        "staff/needs/<id:need_id>/cohorts/<id:pk>/trainees/",
        StaffEnrolmentListView.as_view(),
        name="staff_cohort_trainee_list",
    ),
    path(f"{TRAINEE}/attendance/", StaffAttendanceView.as_view(), name="staff_cohort_trainee_attendance"),
    path(f"{TRAINEE}/complete/", StaffCompleteView.as_view(), name="staff_cohort_trainee_complete"),
    path(f"{TRAINEE}/drop-out/", StaffDropOutView.as_view(), name="staff_cohort_trainee_drop_out"),
]
