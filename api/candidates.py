"""The staff area's candidates in the API (``/api/staff/candidates/``): list with filters, search, read, change.

Search words (names, phone numbers) are posted to ``candidates/search/``: a list asked by GET with ``q`` is refused,
so that they never travel in a URL.

Only platform staff reach it (others get 403), and only the candidates of their platforms (a superuser, all):
another platform's candidate is a 404. Every read or change of a candidate's personal data is logged as the admin
logs it (``candidates.audit``). Sensitive situations are never part of any answer: no serializer here reads them.
Reads go through ``candidates.selectors``; a change through ``matching.services.candidate_changes``'s
``candidate_profile_update``, checked by ``CandidateForm``, the form of the staff workspace and the imports, and
matched again only when a field that matching reads changed.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import converters  # noqa: F401 - registers the "id" path converter
from api.employer_serializers import CommuneSerializer, OccupationSerializer
from api.pagination import COUNT_DESCRIPTION, COUNT_IS_BOUNDED_DESCRIPTION, PageNumberPagination, paginated
from api.permissions import IsPlatformStaff
from api.serializers import BoundedDateField, QuerySerializer
from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.enums import MAX_TRAVEL_DISTANCE_KM, CandidateStatus, SkillLevel
from candidates.models import Candidate, PersonalDataAccess
from candidates.profile_fields import CONTRACTS, MOBILITY
from candidates.selectors import candidate_for_staff, candidate_list_for_staff
from matching.services.candidate_changes import candidate_profile_update
from referentials.enums import CefrLevel, EducationLevel

TAGS = ["staff"]

# Serializers.


class CandidateSkillSerializer(serializers.Serializer):
    skill = serializers.CharField(source="skill.label")
    level = serializers.ChoiceField(choices=SkillLevel.choices)


class CandidateLanguageSerializer(serializers.Serializer):
    language = serializers.CharField(source="language.code")
    level = serializers.ChoiceField(choices=CefrLevel.choices)


class CandidateSummarySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    commune = CommuneSerializer()
    desired_occupations = OccupationSerializer(many=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "status",
            "commune",
            "desired_occupations",
            "experience_years",
            "available_from",
            "platform",
            "advisor",
            "consents_to_presentation",
            "updated_at",
        ]
        read_only_fields = fields


class CandidateSerializer(CandidateSummarySerializer):
    """A candidate's profile for platform staff. Never their sensitive situation."""

    # Stored blank when unknown: a plain string, not an e-mail format.
    email = serializers.CharField()
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, allow_null=True)
    certifications = serializers.SlugRelatedField(slug_field="label", many=True, read_only=True)
    skills = CandidateSkillSerializer(many=True)
    languages = CandidateLanguageSerializer(many=True)

    class Meta(CandidateSummarySerializer.Meta):
        fields = [
            *CandidateSummarySerializer.Meta.fields,
            "email",
            "phone",
            "birth_date",
            *MOBILITY,
            "accepts_related_occupations",
            "certifications",
            "education_level",
            "skills",
            "languages",
            *CONTRACTS,
            "consents_to_processing",
            "last_contact_at",
            "created_at",
        ]
        read_only_fields = fields


class CandidateUpdateSerializer(serializers.Serializer):
    """The fields staff may change through the API: those of ``CandidateForm``."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254, allow_blank=True)
    phone = serializers.CharField(max_length=20, allow_blank=True)
    birth_date = BoundedDateField(allow_null=True)
    commune = serializers.CharField(max_length=120, help_text=_("INSEE code, or postcode and name (“59000 Lille”)."))
    max_distance_km = serializers.IntegerField(min_value=0, max_value=MAX_TRAVEL_DISTANCE_KM)
    travels_by_car = serializers.BooleanField()
    travels_by_public_transport = serializers.BooleanField()
    travels_by_bike = serializers.BooleanField()
    travels_on_foot = serializers.BooleanField()
    has_driving_licence = serializers.BooleanField()
    accepts_related_occupations = serializers.BooleanField()
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, allow_null=True)
    experience_years = serializers.IntegerField(min_value=0, max_value=60)
    available_from = BoundedDateField()
    accepts_cdi = serializers.BooleanField()
    accepts_cdd = serializers.BooleanField()
    accepts_temporary = serializers.BooleanField()
    accepts_apprenticeship = serializers.BooleanField()
    accepts_professionalisation = serializers.BooleanField()
    accepts_full_time = serializers.BooleanField()
    accepts_part_time = serializers.BooleanField()


class CandidateFilterSerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices, required=False)
    commune = serializers.RegexField(r"^[0-9][0-9AB][0-9]{3}$", required=False, help_text=_("INSEE code."))
    occupation = serializers.RegexField(
        r"^[A-Na-n][0-9]{4}$", required=False, help_text=_("ROME code of a desired occupation.")
    )


class CandidateQuerySerializer(CandidateFilterSerializer):
    def validate(self, attrs: dict) -> dict:
        # Words searched for are names and phone numbers: never in a URL, where access logs keep them.
        if "q" in self.initial_data:
            raise serializers.ValidationError(
                {"q": [_("Search words are posted to /api/staff/candidates/search/, never put in a URL.")]},
                code="search_in_url",
            )
        return attrs


class CandidateSearchSerializer(CandidateFilterSerializer):
    q = serializers.CharField(
        max_length=100,
        help_text=_(
            "Words that must each be found in the name, e-mail address, phone, file reference, commune or a desired "
            "occupation, as in the staff's candidate list."
        ),
    )


class CandidatePageSerializer(serializers.Serializer):
    """A page of candidates, as every list of the API gives it."""

    count = serializers.IntegerField(help_text=COUNT_DESCRIPTION)
    count_is_bounded = serializers.BooleanField(help_text=COUNT_IS_BOUNDED_DESCRIPTION)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CandidateSummarySerializer(many=True)


# Views.


def _form_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """The form's messages per field, as the API names them (``non_field_errors`` for the form's own)."""
    return serializers.ValidationError(
        {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
    )


class CandidateListView(APIView):
    permission_classes = [IsPlatformStaff]
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_candidates_list",
        summary="Candidates of the user's platforms",
        parameters=[CandidateQuerySerializer],
        responses=CandidateSummarySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return _candidate_page(request, CandidateQuerySerializer.parsed(request.query_params), view=self)


class CandidateSearchView(APIView):
    permission_classes = [IsPlatformStaff]

    @extend_schema(
        tags=TAGS,
        operation_id="staff_candidates_search",
        summary="Candidates of the user's platforms, searched by words",
        description=(
            "The list's filters and the words searched for, posted so that names and phone numbers stay out of URLs. "
            "The page is chosen in the query string (`?page=2&page_size=50`): the `next` and `previous` links are "
            "posted the same body."
        ),
        parameters=[
            OpenApiParameter("page", int, OpenApiParameter.QUERY, description=_("A page number within the list.")),
            OpenApiParameter(
                "page_size", int, OpenApiParameter.QUERY, description=_("Number of results to return per page.")
            ),
        ],
        request=CandidateSearchSerializer,
        responses=CandidatePageSerializer,
    )
    def post(self, request: Request) -> Response:
        return _candidate_page(request, CandidateSearchSerializer.parsed(request.data), view=self)


def _candidate_page(request: Request, filters: dict, *, view: APIView) -> Response:
    page, paginator = paginated(view, request, candidate_list_for_staff(user=request.user, filters=filters))
    # A list: one entry in the access log, with its filter codes; of a search, only that there was one (its words
    # are names and phone numbers).
    personal_data_list_record(
        actor=request.user,
        page="api_candidates",
        filters={
            **{key: filters[key] for key in ("status", "commune", "occupation") if key in filters},
            "searched": bool(filters.get("q")),
            "page": request.query_params.get("page") or 1,
        },
    )
    return paginator.get_paginated_response(CandidateSummarySerializer(page, many=True).data)


class CandidateDetailView(APIView):
    permission_classes = [IsPlatformStaff]

    @extend_schema(tags=TAGS, operation_id="staff_candidates_retrieve", responses=CandidateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_for_staff(user=request.user, candidate_id=pk)
        personal_data_access_record(
            actor=request.user, candidate_ids=[candidate.pk], action=PersonalDataAccess.Action.OPENED
        )
        return Response(CandidateSerializer(candidate).data)

    @extend_schema(
        tags=TAGS,
        operation_id="staff_candidates_update",
        summary="Change a candidate's profile",
        description="Only the fields given change; they are checked as in the staff workspace.",
        request=CandidateUpdateSerializer(partial=True),
        responses=CandidateSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        candidate = candidate_for_staff(user=request.user, candidate_id=pk)
        serializer = CandidateUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            candidate_profile_update(candidate=candidate, data=serializer.validated_data, by=request.user)
        except DjangoValidationError as error:
            raise _form_errors(error) from error
        return Response(CandidateSerializer(candidate_for_staff(user=request.user, candidate_id=pk)).data)


urlpatterns = [
    path("candidates/", CandidateListView.as_view(), name="staff_candidate_list"),
    path("candidates/search/", CandidateSearchView.as_view(), name="staff_candidate_search"),
    path("candidates/<id:pk>/", CandidateDetailView.as_view(), name="staff_candidate_detail"),
]
