"""The staff API of a need's sourcing: its check (counts), asking for a new one, and its near misses of the user's
platforms (``/api/staff/needs/<id>/sourcing/`` and ``.../near-misses/``).

Same access as a need's suggestions: staff of the need's platform, 403 for others, 404 for a need out of reach. Near
misses of other platforms' candidates are counted (``others_count``), never listed; names shown are logged as
viewed. A positive-action reason names its group only for users allowed to read the candidate's sensitive
situations (``matching.reasons``).
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import converters  # noqa: F401 - registers the "id" path converter
from api.pagination import PageNumberPagination, paginated
from api.permissions import IsPlatformStaff
from api.sourcing_serializers import NearMissSerializer, SourcingSerializer
from candidates.audit import personal_data_list_record
from matching.review_selectors import need_for_review
from matching.services.sourcing_requests import need_sourcing_check_request, need_sourcing_check_shown
from matching.sourcing_selectors import near_miss_others_count, near_miss_rows_build, near_misses_for_staff

TAGS = ["staff"]


class NeedSourcingView(APIView):
    permission_classes = [IsPlatformStaff]

    @extend_schema(tags=TAGS, operation_id="staff_needs_sourcing_retrieve", responses=SourcingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        need = need_for_review(user=request.user, need_id=pk)
        return Response(SourcingSerializer(need_sourcing_check_shown(need=need, by=request.user)).data)

    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_sourcing_check",
        summary="Ask for a new sourcing check, computed by a worker",
        request=None,
        responses={202: SourcingSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        need = need_for_review(user=request.user, need_id=pk)
        need_sourcing_check_request(need=need, by=request.user)
        check = need_sourcing_check_shown(need=need, by=request.user)
        return Response(SourcingSerializer(check).data, status=status.HTTP_202_ACCEPTED)


class NearMissListView(APIView):
    permission_classes = [IsPlatformStaff]
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_near_misses_list",
        summary="People of your platforms who miss the need by one requirement only",
        responses=NearMissSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        need = need_for_review(user=request.user, need_id=pk)
        near_misses, paginator = paginated(self, request, near_misses_for_staff(need=need, user=request.user))
        rows = near_miss_rows_build(need=need, near_misses=list(near_misses or []))
        # A list: one entry in the access log (``candidates.audit``).
        personal_data_list_record(
            actor=request.user,
            page="api_near_misses",
            filters={"need": need.pk, "page": request.query_params.get("page") or 1},
        )
        response = paginator.get_paginated_response(NearMissSerializer(rows, many=True).data)
        # Other platforms' near misses are counted, never listed.
        response.data["others_count"] = near_miss_others_count(need=need, listed_count=paginator.page.paginator.count)
        return response


urlpatterns = [
    path("needs/<id:pk>/sourcing/", NeedSourcingView.as_view(), name="staff_need_sourcing"),
    path("needs/<id:pk>/near-misses/", NearMissListView.as_view(), name="staff_need_near_misses"),
]
