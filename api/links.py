"""The staff area of the API for candidates' secure links: send one for a presentation, revoke one.

The same services as the review page and the review board (``matching.services.links``): the checks (who may work
the candidate, consent, an address per channel, the presentation's step, the rate limits) answer a 400 with the
refusal's code. The token is never in an answer: only the candidate's message carries it.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.matching import StaffView
from matching.enums import LinkChannel, LinkPurpose
from matching.link_selectors import link_state, links_for_staff
from matching.models import CandidateLink
from matching.selectors import presentation_for_staff
from matching.services.links import candidate_link_revoke, candidate_link_send

TAGS = ["staff"]
LINK_STATES = ["sent", "opened", "answered", "expired", "revoked"]


class CandidateLinkSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = CandidateLink
        fields = [
            "id",
            "presentation",
            "purpose",
            "sent_by_email",
            "sent_by_sms",
            "state",
            "created_at",
            "expires_at",
            "opened_at",
            "answered_at",
            "revoked_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=LINK_STATES))
    def get_state(self, link: CandidateLink) -> str:
        return link_state(link)


class CandidateLinkSendSerializer(serializers.Serializer):
    """What to send: the purpose (answer a proposal, or choose an interview slot) and by which channels."""

    purpose = serializers.ChoiceField(choices=LinkPurpose.choices)
    channels = serializers.MultipleChoiceField(choices=LinkChannel.choices, allow_empty=False)


class PresentationLinkView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_presentations_links_create",
        summary="Send the candidate a secure link by e-mail and/or SMS",
        description=CandidateLinkSendSerializer.__doc__,
        request=CandidateLinkSendSerializer,
        responses={201: CandidateLinkSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        presentation = presentation_for_staff(user=request.user, presentation_id=pk)
        serializer = CandidateLinkSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = candidate_link_send(
            presentation=presentation,
            purpose=serializer.validated_data["purpose"],
            channels=sorted(serializer.validated_data["channels"]),
            by=request.user,
        )
        return Response(CandidateLinkSerializer(link).data, status=status.HTTP_201_CREATED)


class CandidateLinkRevokeView(StaffView):
    @extend_schema(
        tags=TAGS,
        operation_id="staff_links_revoke",
        summary="Revoke a link not answered yet",
        request=None,
        responses=CandidateLinkSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        link = get_object_or_404(links_for_staff(request.user), pk=pk)
        revoked = candidate_link_revoke(link=link, by=request.user)
        return Response(CandidateLinkSerializer(revoked).data)


urlpatterns = [
    path("presentations/<id:pk>/links/", PresentationLinkView.as_view(), name="staff_presentation_links"),
    path("links/<id:pk>/revoke/", CandidateLinkRevokeView.as_view(), name="staff_link_revoke"),
]
