"""Interview assessments in the API: the employer records one (``POST /api/employer/presentations/<id>/assessment/``),
platform staff read it (``GET /api/staff/presentations/<id>/assessment/``).

Thin: the presentation is read through the scoped selectors of each area (another employer's, or a presentation the
staff member may not work, is a 404), and ``matching.services.assessments`` records it with its refusals (400).
"""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api import converters  # noqa: F401 - registers the "id" path converter
from api.employers import EmployerView
from api.matching import StaffView
from matching.employer_selectors import presentation_for_employer
from matching.models import InterviewAssessment
from matching.models.assessments import ASSESSMENT_COMMENT_MAX_LENGTH
from matching.selectors import presentation_for_staff
from matching.services.assessments import interview_assessment_record

MAX_CRITERIA = 200


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()


class AssessmentSerializer(serializers.Serializer):
    presentation = serializers.IntegerField(source="presentation_id")
    criteria = CriterionSerializer(many=True)
    comment = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class AssessmentInputSerializer(serializers.Serializer):
    """``criteria``: for each criterion key of the need (``skill:<id>``, ``language:<id>``, ``certification:<id>``,
    ``experience``), whether it was met; ``comment``: optional, 500 characters at most."""

    criteria = serializers.DictField(child=serializers.BooleanField())
    comment = serializers.CharField(
        max_length=ASSESSMENT_COMMENT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate_criteria(self, value: dict) -> dict:
        if len(value) > MAX_CRITERIA:
            raise serializers.ValidationError(gettext("At most %(max)d criteria.") % {"max": MAX_CRITERIA})
        return value


class EmployerAssessmentView(EmployerView):
    @extend_schema(
        tags=["employer"],
        operation_id="employer_presentations_assessment_record",
        summary="Record the assessment of an interview that took place",
        description=AssessmentInputSerializer.__doc__,
        request=AssessmentInputSerializer,
        responses=AssessmentSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_employer(user=request.user, presentation_id=pk)
        serializer = AssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = interview_assessment_record(
            presentation=presentation,
            results=serializer.validated_data["criteria"],
            comment=serializer.validated_data["comment"],
            by=request.user,
        )
        return Response(AssessmentSerializer(assessment).data)


class StaffAssessmentView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_presentations_assessment_retrieve",
        summary="The employer's assessment of an interview",
        responses=AssessmentSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_staff(user=request.user, presentation_id=pk)
        assessment = InterviewAssessment.objects.filter(presentation=presentation).first()
        if assessment is None:
            raise Http404
        return Response(AssessmentSerializer(assessment).data)


urlpatterns = [
    path(
        "employer/presentations/<id:pk>/assessment/",
        EmployerAssessmentView.as_view(),
        name="employer_presentation_assessment",
    ),
    path(
        "staff/presentations/<id:pk>/assessment/",
        StaffAssessmentView.as_view(),
        name="staff_presentation_assessment",
    ),
]
