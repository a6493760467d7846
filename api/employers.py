"""The employer area of the API (``/api/employer/``): the employer's needs and the candidates presented to them.

Thin, like the portal's views: parse with a serializer (and the portal's own forms for the rules), call the same
selector or service as the portal, serialize. Only employer members reach this area (others get 403); everything
is read through ``matching.employer_selectors``, so another employer's need or presentation is a 404. A presented
candidate is a ``PresentedProfile``: pseudonymised, with a name and contact only from the interview's acceptance until
the presentation ends without a hire by this employer, each such reveal logged as the portal logs it.
"""

from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import converters  # noqa: F401 - registers the "id" path converter
from api.employer_serializers import (
    AnswerSerializer,
    EmployerPresentationDetailSerializer,
    EmployerPresentationQuerySerializer,
    EmployerPresentationSerializer,
    NeedDetailSerializer,
    NeedListQuerySerializer,
    NeedSerializer,
    NeedWriteSerializer,
)
from api.job_descriptions import description_form
from api.pagination import PageNumberPagination, paginated
from api.permissions import IsEmployerMember
from api.serializers import QuerySerializer
from candidates.audit import personal_data_access_record
from candidates.models import PersonalDataAccess
from employers import services
from employers.models import Employer, StaffingNeed
from employers.need_forms import NeedJobForm, site_option
from matching import employer_selectors as selectors
from matching.employer_exports import FILE_FORMATS, employer_presentations_export
from matching.employer_selectors import CONTACT_FIELDS, PresentedProfile
from matching.models import Presentation
from matching.services import employer_answers, needs
from matching.services.employer_answers import SlotProposal
from matching.wave_selectors import wave_progress_for_need

NEED_RELATED = (
    "occupation",
    "site__commune",
    "skill_requirements__skill",
    "language_requirements__language",
    "mrs_skills",
)
JOB_FIELDS = [name for name in NeedJobForm.base_fields if name in NeedWriteSerializer._declared_fields]
TAGS = ["employer"]


class EmployerView(APIView):
    permission_classes = [IsEmployerMember]


def _need_data(need: StaffingNeed) -> dict:
    prefetch_related_objects([need], *NEED_RELATED)
    return NeedSerializer(need).data


def _form_errors(form: Any) -> serializers.ValidationError:
    return serializers.ValidationError(
        {("non_field_errors" if name == "__all__" else name): list(messages) for name, messages in form.errors.items()}
    )


def _job_form_data(need: StaffingNeed) -> dict[str, object]:
    """What the job form holds for a stored need, so that a PATCH changes only the fields it names."""
    data: dict[str, object] = {
        name: getattr(need, name) for name in JOB_FIELDS if name not in ("occupation", "place", "address")
    }
    data["occupation"] = need.occupation.rome_code
    data["place"] = site_option(need.site)
    return data


def _job_form(*, employer: Employer, need: StaffingNeed | None, data: dict) -> NeedJobForm:
    """The portal's first-step form, bound to the stored values overlaid with the new ones, and checked."""
    values = (_job_form_data(need) if need is not None else {}) | {
        name: value for name, value in data.items() if name in JOB_FIELDS
    }
    form = NeedJobForm(data=values, instance=need, employer=employer)
    if not form.is_valid():
        raise _form_errors(form)
    return form


def _description_save(need: StaffingNeed, data: dict, by: Any) -> StaffingNeed:
    """Store the description fields given, checked by the portal's form; none of them starts a matching run."""
    form = description_form(need=need, data=data)
    if form is None:
        return need
    if not form.is_valid():
        raise _form_errors(form)
    return needs.need_details_save(need=form.save(commit=False), by=by)


def _requirements_replace(need: StaffingNeed, data: dict, by: Any) -> None:
    if "skills" not in data and "languages" not in data:
        return
    skills = (
        data["skills"] if "skills" in data else [(row.skill, row.importance) for row in need.skill_requirements.all()]
    )
    languages = data.get("languages")
    requirements = (
        [
            services.LanguageRequirement(
                language=row["language"],
                level=row["level"],
                is_mandatory=row.get("is_mandatory", False),
                justification=row.get("justification", ""),
            )
            for row in languages
        ]
        if languages is not None
        else [
            services.LanguageRequirement(
                language=row.language, level=row.level, is_mandatory=row.is_mandatory, justification=row.justification
            )
            for row in need.language_requirements.all()
        ]
    )
    needs.need_requirements_replace(need=need, skills=skills, languages=requirements, by=by)


class NeedListView(EmployerView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="employer_needs_list",
        summary="The employer's needs",
        parameters=[NeedListQuerySerializer],
        responses=NeedSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = NeedListQuerySerializer.parsed(request.query_params)
        listed = selectors.need_list_for_employer(user=request.user)
        if "status" in filters:
            listed = [need for need in listed if need.status == filters["status"]]
        page, paginator = paginated(self, request, listed)
        prefetch_related_objects(page, *NEED_RELATED)
        return paginator.get_paginated_response(NeedSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="employer_needs_create",
        summary="Create a need (a draft)",
        request=NeedWriteSerializer,
        responses={201: NeedSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = NeedWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = get_object_or_404(Employer, pk=selectors.employer_id_for_member(user=request.user))
        with transaction.atomic():
            form = _job_form(employer=employer, need=None, data=serializer.validated_data)
            need = needs.need_details_save(need=form.save(commit=False), new_site=form.new_site, by=request.user)
            need = _description_save(need, serializer.validated_data, request.user)
            _requirements_replace(need, serializer.validated_data, request.user)
        return Response(_need_data(need), status=status.HTTP_201_CREATED)


class NeedDetailView(EmployerView):
    @extend_schema(
        tags=TAGS,
        operation_id="employer_needs_retrieve",
        summary="One need, with the figures of each of its waves",
        responses=NeedDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        need = selectors.need_for_employer(user=request.user, need_id=pk)
        prefetch_related_objects([need], *NEED_RELATED)
        return Response(NeedDetailSerializer(need, context={"waves": wave_progress_for_need(need)}).data)

    @extend_schema(
        tags=TAGS,
        operation_id="employer_needs_update",
        summary="Change a draft, open or paused need",
        description="Only the fields given change. Skills or languages, when given, replace the need's.",
        request=NeedWriteSerializer(partial=True),
        responses=NeedSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        need = selectors.need_for_employer(user=request.user, need_id=pk)
        serializer = NeedWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            if any(name in serializer.validated_data for name in JOB_FIELDS):
                form = _job_form(employer=need.employer, need=need, data=serializer.validated_data)
                need = needs.need_details_save(need=form.save(commit=False), new_site=form.new_site, by=request.user)
            need = _description_save(need, serializer.validated_data, request.user)
            _requirements_replace(need, serializer.validated_data, request.user)
        need.refresh_from_db()
        return Response(_need_data(need))


def _status_view(service: Any, operation_id: str, summary: str) -> type[EmployerView]:
    class NeedStatusView(EmployerView):
        @extend_schema(tags=TAGS, operation_id=operation_id, summary=summary, request=None, responses=NeedSerializer)
        def post(self, request: Request, pk: int) -> Response:
            need = selectors.need_for_employer(user=request.user, need_id=pk)
            service(need=need, by=request.user)
            need.refresh_from_db()
            return Response(_need_data(need))

    NeedStatusView.__name__ = NeedStatusView.__qualname__ = f"{operation_id.title().replace('_', '')}View"
    return NeedStatusView


NeedPublishView = _status_view(needs.need_publish, "employer_needs_publish", "Publish a need: matching starts")
NeedCloseView = _status_view(needs.need_close, "employer_needs_close", "Close a need")


# Presented candidates.


def _log_revealed(user: Any, profiles: list[PresentedProfile]) -> None:
    """A name and contact revealed to an employer: logged per person, as on the portal (``portal.views``), lists
    included: only the people who accepted an interview are named, and the log answers for each one who saw them."""
    revealed = {profile.contact.candidate_id for profile in profiles if profile.contact is not None}
    if revealed:
        personal_data_access_record(
            actor=user, candidate_ids=revealed, action=PersonalDataAccess.Action.REVEALED, fields=CONTACT_FIELDS
        )


def _presentation_detail(user: Any, presentation: Presentation) -> dict:
    profile = selectors.presented_profile(presentation=presentation)
    _log_revealed(user, [profile])
    item = {
        "profile": profile,
        "need": presentation.need,
        "slots": selectors.interview_slots_for_presentation(presentation=presentation),
        "history": selectors.presentation_history_for_employer(presentation=presentation),
    }
    return EmployerPresentationDetailSerializer(item).data


class PresentationListView(EmployerView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="employer_presentations_list",
        summary="Candidates presented to the employer",
        description="Pseudonymised profiles, first presented first, need by need; filter with need and status.",
        parameters=[EmployerPresentationQuerySerializer],
        responses=EmployerPresentationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = EmployerPresentationQuerySerializer.parsed(request.query_params)
        items = selectors.presented_profiles_for_employer(
            user=request.user, need_id=filters.get("need"), status=filters.get("status")
        )
        page, paginator = paginated(self, request, items)
        _log_revealed(request.user, [item.profile for item in page])
        return paginator.get_paginated_response(EmployerPresentationSerializer(page, many=True).data)


class PresentationExportQuerySerializer(QuerySerializer):
    need = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999, required=False)
    file = serializers.ChoiceField(choices=sorted(FILE_FORMATS), default="xlsx")


class PresentationExportView(EmployerView):
    @extend_schema(
        tags=TAGS,
        operation_id="employer_presentations_export",
        summary="The employer's presentations and hires as a file (XLSX or CSV)",
        description=(
            "One row per presentation (need, wave, status, dates, contract); the candidate's name and contact only "
            "once revealed to the employer, their pseudonym otherwise. Only one need's with ``need``."
        ),
        parameters=[PresentationExportQuerySerializer],
        responses={(200, content_type.split(";")[0]): OpenApiTypes.BINARY for content_type in FILE_FORMATS.values()},
    )
    def get(self, request: Request) -> FileResponse:
        filters = PresentationExportQuerySerializer.parsed(request.query_params)
        export = employer_presentations_export(
            user=request.user, file_format=filters["file"], need_id=filters.get("need")
        )
        return FileResponse(
            export.file, as_attachment=True, filename=export.filename, content_type=export.content_type
        )


class PresentationDetailView(EmployerView):
    @extend_schema(
        tags=TAGS,
        operation_id="employer_presentations_retrieve",
        summary="One presented candidate, with the interview slots and the history",
        responses=EmployerPresentationDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        presentation = selectors.presentation_for_employer(user=request.user, presentation_id=pk)
        return Response(_presentation_detail(request.user, presentation))


class PresentationAnswerView(EmployerView):
    @extend_schema(
        tags=TAGS,
        operation_id="employer_presentations_answer",
        summary="Answer for a presented candidate",
        description=AnswerSerializer.__doc__,
        request=AnswerSerializer,
        responses=EmployerPresentationDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        presentation = selectors.presentation_for_employer(user=request.user, presentation_id=pk)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _answer(presentation, serializer.validated_data, request.user)
        presentation.refresh_from_db()
        return Response(_presentation_detail(request.user, presentation))


def _answer(presentation: Presentation, data: dict, by: Any) -> None:
    """Call the one service of ``matching.services.employer_answers`` that the action names."""
    action = data["action"]
    if action == "interview_request":
        employer_answers.presentation_interview_request(presentation=presentation, by=by)
    elif action == "decline":
        employer_answers.presentation_employer_decline(
            presentation=presentation, reason_code=data["reason_code"], comment=data["comment"], by=by
        )
    elif action == "propose_slots":
        slots = [SlotProposal(starts_at=slot["starts_at"], place=slot["place"]) for slot in data["slots"]]
        employer_answers.interview_slots_propose(presentation=presentation, slots=slots, by=by)
    elif action == "confirm_slot":
        slots = {slot.pk: slot for slot in selectors.interview_slots_for_presentation(presentation=presentation)}
        if data["slot"] not in slots:
            raise serializers.ValidationError({"slot": [gettext("This slot was not proposed for this candidate.")]})
        employer_answers.interview_slot_confirm(presentation=presentation, slot=slots[data["slot"]], by=by)
    elif action == "hire":
        employer_answers.presentation_employer_hire(
            presentation=presentation,
            contract_type=data["contract_type"],
            contract_duration_months=data.get("contract_duration_months"),
            starts_on=data["starts_on"],
            by=by,
        )
    elif action == "no_hire":
        employer_answers.presentation_no_hire(
            presentation=presentation, reason_code=data["reason_code"], comment=data["comment"], by=by
        )


urlpatterns = [
    path("needs/", NeedListView.as_view(), name="employer_need_list"),
    path("needs/<id:pk>/", NeedDetailView.as_view(), name="employer_need_detail"),
    path("needs/<id:pk>/publish/", NeedPublishView.as_view(), name="employer_need_publish"),
    path("needs/<id:pk>/close/", NeedCloseView.as_view(), name="employer_need_close"),
    path("presentations/", PresentationListView.as_view(), name="employer_presentation_list"),
    path("presentations/export/", PresentationExportView.as_view(), name="employer_presentation_export"),
    path("presentations/<id:pk>/", PresentationDetailView.as_view(), name="employer_presentation_detail"),
    path("presentations/<id:pk>/answer/", PresentationAnswerView.as_view(), name="employer_presentation_answer"),
]
