"""The API of job datings: an employer ranks the attendees for its own needs, staff read both sides' rankings (as
the staff page shows them), enter a candidate's ranking, compute the proposals, list them with the audit, and
confirm or reject them.

The same selectors and services as the pages (``matching.job_dating_selectors``, ``matching.services.job_dating``).
An employer knows attendees by their seat and pseudonym only. A session, need, candidate or proposal out of reach is
a 404; a refused ranking or decision a 400 with the service's words.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.employers import EmployerView
from api.matching import StaffView
from candidates.audit import personal_data_list_record
from matching.enums import LinkChannel
from matching.job_dating_forms import MAX_RANK
from matching.job_dating_selectors import (
    job_dating_attendee_seats,
    job_dating_attendees_for_need,
    job_dating_audit,
    job_dating_candidate_ranks,
    job_dating_employer_rankings,
    job_dating_for_employer,
    job_dating_for_staff,
    job_dating_need_for_employer,
    job_dating_proposal_for_staff,
    job_dating_proposals,
)
from matching.models import CollectiveSession, JobDatingProposal
from matching.services.job_dating import (
    job_dating_candidate_ranking_save,
    job_dating_confirmed_audit,
    job_dating_employer_ranking_save,
    job_dating_proposal_confirm,
    job_dating_proposal_reject,
    job_dating_proposals_compute,
)
from matching.services.job_dating_links import job_dating_ranking_links_send

ID_MAX = 999_999_999_999_999_999


class AttendeeSerializer(serializers.Serializer):
    seat = serializers.IntegerField(source="seat_id")
    pseudonym = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)


class SeatRankSerializer(serializers.Serializer):
    seat = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    rank = serializers.IntegerField(min_value=1, max_value=MAX_RANK)


class EmployerRankingSerializer(serializers.Serializer):
    """The whole list, replacing the previous one; attendees left out are not ranked."""

    ranks = SeatRankSerializer(many=True, max_length=500)


class NeedRankSerializer(serializers.Serializer):
    need = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    rank = serializers.IntegerField(min_value=1, max_value=MAX_RANK)


class CandidateRankingSerializer(serializers.Serializer):
    ranks = NeedRankSerializer(many=True, max_length=100)


class StaffNeedRankSerializer(serializers.Serializer):
    need = serializers.IntegerField()
    candidate = serializers.IntegerField()
    rank = serializers.IntegerField()


class StaffRankingsSerializer(serializers.Serializer):
    attendees = serializers.ListField(child=serializers.IntegerField(), help_text="The candidates recorded present.")
    employer_rankings = StaffNeedRankSerializer(many=True, help_text="Each need's ranking of the attendees.")
    candidate_rankings = StaffNeedRankSerializer(many=True, help_text="Each attendee's ranking of the needs.")


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobDatingProposal
        fields = ["id", "need", "candidate", "status", "created_at", "decided_by", "decided_at", "presentation"]
        read_only_fields = fields


class ProposalsSerializer(serializers.Serializer):
    proposals = ProposalSerializer(many=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    blocking_pairs_proposed = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    blocking_pairs_confirmed = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))


def _proposals_data(session: CollectiveSession) -> dict[str, Any]:
    audit = job_dating_audit(session)
    return {
        "proposals": ProposalSerializer(job_dating_proposals(session).order_by("pk"), many=True).data,
        "computed_at": audit.computed_at if audit else None,
        "blocking_pairs_proposed": audit.blocking_pairs if audit else [],
        "blocking_pairs_confirmed": [list(pair) for pair in job_dating_confirmed_audit(session)],
    }


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class EmployerRankingView(EmployerView):
    @extend_schema(
        tags=["employer"],
        operation_id="employer_job_dating_ranking_retrieve",
        summary="The attendees of a job dating, by pseudonym, with your ranking for one of your needs",
        responses=AttendeeSerializer(many=True),
    )
    def get(self, request: Request, session_id: int, need_id: int) -> Response:
        session = job_dating_for_employer(user=request.user, session_id=session_id)
        need = job_dating_need_for_employer(user=request.user, session=session, need_id=need_id)
        return Response(AttendeeSerializer(job_dating_attendees_for_need(session=session, need=need), many=True).data)

    @extend_schema(
        tags=["employer"],
        operation_id="employer_job_dating_ranking_save",
        summary="Rank the attendees for one of your needs (1 first), replacing your previous ranking",
        request=EmployerRankingSerializer,
        responses=AttendeeSerializer(many=True),
    )
    def post(self, request: Request, session_id: int, need_id: int) -> Response:
        session = job_dating_for_employer(user=request.user, session_id=session_id)
        need = job_dating_need_for_employer(user=request.user, session=session, need_id=need_id)
        ranks = _valid(EmployerRankingSerializer, request.data)["ranks"]
        attendees = {
            row.seat_id: row.candidate_id for row in job_dating_attendees_for_need(session=session, need=need)
        }
        unknown = [item["seat"] for item in ranks if item["seat"] not in attendees]
        if unknown:
            raise serializers.ValidationError({"ranks": [_("Only people who attended the session can be ranked.")]})
        if len({item["seat"] for item in ranks}) != len(ranks):
            raise serializers.ValidationError({"ranks": [_("Rank each person once.")]})
        job_dating_employer_ranking_save(
            session=session,
            need=need,
            ranks={attendees[item["seat"]]: item["rank"] for item in ranks},
            by=request.user,
        )
        return Response(AttendeeSerializer(job_dating_attendees_for_need(session=session, need=need), many=True).data)


class StaffRankingsView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_rankings_retrieve",
        summary="A job dating's attendees and both sides' rankings: each need's, each attendee's",
        responses=StaffRankingsSerializer,
    )
    def get(self, request: Request, session_id: int) -> Response:
        session = job_dating_for_staff(user=request.user, session_id=session_id)
        personal_data_list_record(actor=request.user, page="api_job_dating")
        employer_rankings = job_dating_employer_rankings(session).order_by("need", "rank", "pk")
        candidate_ranks = job_dating_candidate_ranks(session)
        return Response(
            {
                "attendees": [seat.candidate_id for seat in job_dating_attendee_seats(session)],
                "employer_rankings": [
                    {"need": row.need_id, "candidate": row.candidate_id, "rank": row.rank} for row in employer_rankings
                ],
                "candidate_rankings": [
                    {"need": need_id, "candidate": candidate_id, "rank": rank}
                    for candidate_id, ranks in sorted(candidate_ranks.items())
                    for need_id, rank in sorted(ranks.items(), key=lambda item: item[1])
                ],
            }
        )


class StaffCandidateRankingView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_candidate_ranking_save",
        summary="Enter an attendee's ranking of the session's needs (1 first), replacing the previous one",
        request=CandidateRankingSerializer,
        responses=NeedRankSerializer(many=True),
    )
    def post(self, request: Request, session_id: int, candidate_id: int) -> Response:
        session = job_dating_for_staff(user=request.user, session_id=session_id)
        seat = get_object_or_404(session.seats.select_related("candidate"), candidate_id=candidate_id)
        ranks = _valid(CandidateRankingSerializer, request.data)["ranks"]
        if len({item["need"] for item in ranks}) != len(ranks):
            raise serializers.ValidationError({"ranks": [_("Rank each job once.")]})
        saved = job_dating_candidate_ranking_save(
            session=session,
            candidate=seat.candidate,
            ranks={item["need"]: item["rank"] for item in ranks},
            by=request.user,
        )
        return Response([{"need": row.need_id, "rank": row.rank} for row in saved])


class RankingLinksSerializer(serializers.Serializer):
    channels = serializers.MultipleChoiceField(choices=LinkChannel.choices, allow_empty=False)


class RankingLinkRowSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    sent = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)


class StaffRankingLinksView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_ranking_links_send",
        summary="Send each attendee who has not ranked yet a secure link to rank the jobs; one row per attendee",
        request=RankingLinksSerializer,
        responses=RankingLinkRowSerializer(many=True),
    )
    def post(self, request: Request, session_id: int) -> Response:
        session = job_dating_for_staff(user=request.user, session_id=session_id)
        channels = sorted(_valid(RankingLinksSerializer, request.data)["channels"])
        result = job_dating_ranking_links_send(session=session, channels=channels, by=request.user)
        rows = [{"candidate": pk, "sent": True, "message": ""} for pk in result.done_ids]
        rows += [{"candidate": r.row_id, "sent": False, "message": r.message} for r in result.refusals]
        return Response(RankingLinkRowSerializer(rows, many=True).data)


class StaffProposalListView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_proposals_list",
        summary="A job dating's proposals and the blocking pairs of what was proposed and of what is confirmed",
        responses=ProposalsSerializer,
    )
    def get(self, request: Request, session_id: int) -> Response:
        session = job_dating_for_staff(user=request.user, session_id=session_id)
        personal_data_list_record(actor=request.user, page="api_job_dating")
        return Response(_proposals_data(session))


class StaffProposalComputeView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_proposals_compute",
        summary="Compute the proposals from both sides' rankings, replacing the unconfirmed ones",
        request=None,
        responses=ProposalsSerializer,
    )
    def post(self, request: Request, session_id: int) -> Response:
        session = job_dating_for_staff(user=request.user, session_id=session_id)
        job_dating_proposals_compute(session=session, by=request.user)
        return Response(_proposals_data(session))


class StaffProposalConfirmView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_proposals_confirm",
        summary="Confirm a pair: its presentation is created at interview requested",
        request=None,
        responses=ProposalSerializer,
    )
    def post(self, request: Request, session_id: int, pk: int) -> Response:
        proposal = job_dating_proposal_for_staff(user=request.user, session_id=session_id, proposal_id=pk)
        return Response(ProposalSerializer(job_dating_proposal_confirm(proposal=proposal, by=request.user)).data)


class StaffProposalRejectView(StaffView):
    @extend_schema(
        tags=["staff"],
        operation_id="staff_job_dating_proposals_reject",
        summary="Reject a proposed pair: it is not proposed again",
        request=None,
        responses=ProposalSerializer,
    )
    def post(self, request: Request, session_id: int, pk: int) -> Response:
        proposal = job_dating_proposal_for_staff(user=request.user, session_id=session_id, proposal_id=pk)
        return Response(ProposalSerializer(job_dating_proposal_reject(proposal=proposal, by=request.user)).data)


SESSION = "job-datings/<id:session_id>"
urlpatterns = [
    path(
        f"employer/{SESSION}/needs/<id:need_id>/ranking/",
        EmployerRankingView.as_view(),
        name="employer_job_dating_ranking",
    ),
    path(f"staff/{SESSION}/rankings/", StaffRankingsView.as_view(), name="staff_job_dating_rankings"),
    path(
        f"staff/{SESSION}/candidates/<id:candidate_id>/ranking/",
        StaffCandidateRankingView.as_view(),
        name="staff_job_dating_candidate_ranking",
    ),
    path(f"staff/{SESSION}/ranking-links/", StaffRankingLinksView.as_view(), name="staff_job_dating_ranking_links"),
    path(f"staff/{SESSION}/proposals/", StaffProposalListView.as_view(), name="staff_job_dating_proposal_list"),
    path(
        f"staff/{SESSION}/proposals/compute/",
        StaffProposalComputeView.as_view(),
        name="staff_job_dating_proposal_compute",
    ),
    path(
        f"staff/{SESSION}/proposals/<id:pk>/confirm/",
        StaffProposalConfirmView.as_view(),
        name="staff_job_dating_proposal_confirm",
    ),
    path(
        f"staff/{SESSION}/proposals/<id:pk>/reject/",
        StaffProposalRejectView.as_view(),
        name="staff_job_dating_proposal_reject",
    ),
]
