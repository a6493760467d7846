"""The staff area of the API for open needs without activity (``/api/staff/needs/<id>/still-open/`` and
``…/close-stale/``): the same services as the to-do page's two actions. A need of another platform is not found."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.matching import StaffView
from employers.models import StaffingNeed
from matching.services.stale_needs import need_still_open_confirm, stale_need_close

TAGS = ["staff"]


class StaleNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class StaleNeedCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


def _need(request: Request, pk: int) -> StaffingNeed:
    need: StaffingNeed = get_object_or_404(StaffingNeed.objects.for_platform_staff(request.user), pk=pk)
    return need


class StaleNeedConfirmView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_still_open",
        summary="Confirm that an open need without activity is still open (not flagged again for 60 days)",
        request=None,
        responses={200: StaleNeedSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        need_still_open_confirm(need=need, by=request.user)
        return Response({"id": need.pk, "status": need.status})


class StaleNeedCloseView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_needs_close_stale",
        summary="Close an open need without activity, with a reason",
        request=StaleNeedCloseSerializer,
        responses={200: StaleNeedSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        need = _need(request, pk)
        serializer = StaleNeedCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closed = stale_need_close(need=need, by=request.user, reason=serializer.validated_data["reason"])
        return Response({"id": closed.pk, "status": closed.status})


urlpatterns = [
    path("needs/<id:pk>/still-open/", StaleNeedConfirmView.as_view(), name="staff_need_still_open"),
    path("needs/<id:pk>/close-stale/", StaleNeedCloseView.as_view(), name="staff_need_close_stale"),
]
