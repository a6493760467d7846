"""The API of employer intake: the platforms' staff list and record employer leads, book and record their visits and
close them (``/api/staff/leads/``), through the same services and selectors as the staff pages
(``employers.lead_services``, ``employers.lead_selectors``): another platform's lead is not found, and a refusal is
a 400 in the service's words.
"""

from typing import Any

from django import forms
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import platform_ids_for
from accounts.models import Platform
from api import converters  # noqa: F401 - registers the "id" path converter
from api.matching import StaffView
from api.pagination import PageNumberPagination, paginated
from employers import lead_services
from employers.enums import LeadContactKind, LeadStatus
from employers.lead_selectors import lead_for_staff, lead_list_for_staff
from employers.leads import VISIT_REPORT_MAX_LENGTH, EmployerLead
from employers.models import Employer
from referentials.forms import CommuneField
from referentials.models import Commune

TAGS = ["staff"]


class LeadSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.insee_code", read_only=True, help_text="The INSEE code.")
    days_to_visit = serializers.IntegerField(read_only=True, allow_null=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = EmployerLead
        fields = [
            "id",
            "platform",
            "company_name",
            "commune",
            "contact_kind",
            "first_contact_on",
            "contact_name",
            "contact_phone",
            "contact_email",
            "employer",
            "status",
            "visit_booked_for",
            "visited_on",
            "days_to_visit",
            "is_overdue",
            "visit_report",
            "closed_reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, lead: EmployerLead) -> bool:
        return lead.is_overdue(timezone.localdate())


class LeadCreateSerializer(serializers.Serializer):
    company_name = serializers.CharField(max_length=200)
    commune = serializers.CharField(max_length=120, help_text="An INSEE code, or a postcode and the commune's name.")
    contact_kind = serializers.ChoiceField(choices=LeadContactKind.choices)
    first_contact_on = serializers.DateField()
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    employer = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class LeadBookSerializer(serializers.Serializer):
    when = serializers.DateTimeField()


class LeadVisitSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    report = serializers.CharField(max_length=VISIT_REPORT_MAX_LENGTH)
    employer = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class LeadCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


def _commune(text: str) -> Commune:
    try:
        return CommuneField(required=True).clean(text)
    except forms.ValidationError as error:
        raise serializers.ValidationError({"commune": error.messages}) from error


def _employer(request: Request, employer_id: int | None) -> Employer | None:
    """An employer of the user's platforms; another's is no such employer."""
    if employer_id is None:
        return None
    employer = Employer.objects.for_platform_staff(request.user).filter(pk=employer_id).first()
    if employer is None:
        raise serializers.ValidationError({"employer": [_("No such employer.")]})
    return employer


def _lead_data(request: Request, lead: EmployerLead) -> dict[str, Any]:
    return LeadSerializer(lead_for_staff(user=request.user, lead_id=lead.pk)).data


class LeadListView(StaffView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_leads_list",
        parameters=[OpenApiParameter("status", str, enum=LeadStatus.values, required=False)],
        responses=LeadSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in LeadStatus.values:
            raise serializers.ValidationError({"status": [_("Unknown status.")]})
        page, paginator = paginated(self, request, lead_list_for_staff(user=request.user, status=wanted))
        return paginator.get_paginated_response(LeadSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, operation_id="staff_leads_create", request=LeadCreateSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        serializer = LeadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        platform_ids = platform_ids_for(request.user)
        if not platform_ids:
            raise Http404
        data = dict(serializer.validated_data)
        data["commune"] = _commune(data["commune"])
        data["employer"] = _employer(request, data["employer"])
        lead = lead_services.lead_create(platform=Platform.objects.get(pk=min(platform_ids)), by=request.user, **data)
        return Response(_lead_data(request, lead), status=status.HTTP_201_CREATED)


class LeadDetailView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_leads_read", responses=LeadSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(LeadSerializer(lead_for_staff(user=request.user, lead_id=pk)).data)


class LeadBookView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_leads_book", request=LeadBookSerializer, responses=LeadSerializer)
    def post(self, request: Request, pk: int) -> Response:
        lead = lead_for_staff(user=request.user, lead_id=pk)
        serializer = LeadBookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead_services.lead_visit_book(lead=lead, when=serializer.validated_data["when"], by=request.user)
        return Response(_lead_data(request, lead))


class LeadVisitView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_leads_visit", request=LeadVisitSerializer, responses=LeadSerializer)
    def post(self, request: Request, pk: int) -> Response:
        lead = lead_for_staff(user=request.user, lead_id=pk)
        serializer = LeadVisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lead_services.lead_visit_record(
            lead=lead,
            visited_on=data["visited_on"],
            report=data["report"],
            employer=_employer(request, data["employer"]),
            by=request.user,
        )
        return Response(_lead_data(request, lead))


class LeadCloseView(StaffView):
    @extend_schema(tags=TAGS, operation_id="staff_leads_close", request=LeadCloseSerializer, responses=LeadSerializer)
    def post(self, request: Request, pk: int) -> Response:
        lead = lead_for_staff(user=request.user, lead_id=pk)
        serializer = LeadCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead_services.lead_close(lead=lead, reason=serializer.validated_data["reason"], by=request.user)
        return Response(_lead_data(request, lead))


urlpatterns = [
    path("leads/", LeadListView.as_view(), name="staff_lead_list"),
    path("leads/<id:pk>/", LeadDetailView.as_view(), name="staff_lead_detail"),
    path("leads/<id:pk>/book/", LeadBookView.as_view(), name="staff_lead_book"),
    path("leads/<id:pk>/visit/", LeadVisitView.as_view(), name="staff_lead_visit"),
    path("leads/<id:pk>/close/", LeadCloseView.as_view(), name="staff_lead_close"),
]
