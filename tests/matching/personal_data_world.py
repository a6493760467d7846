"""A candidate with one row of everything that can belong to a candidate, found from the model definitions.

``candidate_models()`` walks the relations: every model pointing to ``Candidate`` (hidden relations included),
then, recursively, every model whose rows are deleted with those (``CASCADE``): a presentation's steps and interview
slots, and whatever is added later. ``candidate_world()`` builds at least one row of each, and fails when a model
was added that it cannot build yet: the erasure and export tests must then be taught about it.
"""

import datetime
import itertools
import secrets
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from accounts.models import User
from candidates.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    CandidateReferral,
    CandidateSkill,
    PersonalDataAccess,
    SensitiveSituation,
)
from employers.models import StaffingNeed
from matching.enums import (
    ContactKind,
    EnrolmentStatus,
    FollowUpResult,
    LinkPurpose,
    OutcomeKind,
    PresentationStatus,
    RunScope,
    RunStatus,
)
from matching.models import (
    CandidateLink,
    CohortEnrolment,
    ContactEntry,
    HandOff,
    InterviewAssessment,
    InterviewSlot,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    MatchRun,
    MatchRunShard,
    MatchSuggestion,
    NearMiss,
    Outcome,
    PresentationTransition,
)
from referentials.enums import CefrLevel
from tests.accounts.factories import (
    AdvisorFactory,
    PartnerAdvisorFactory,
    PartnerOrganisationFactory,
    PlatformFactory,
)
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import CertificationFactory, LanguageFactory, OccupationFactory, SkillFactory

Status = PresentationStatus
_references = itertools.count(123)

NOT_THE_CANDIDATES_ROWS = {
    MatchRunShard: "a slice of a full refresh (every open need): a candidate's own run has none",
}
"""Models reached by the walk whose rows never belong to one candidate, with the reason."""


def candidate_models() -> set[type[models.Model]]:
    """Every model whose rows can belong to a candidate, read from the relations (see the module docstring)."""
    found: set[type[models.Model]] = set()
    to_visit: list[type[models.Model]] = [Candidate]
    while to_visit:
        model = to_visit.pop()
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and relation.is_relation and not relation.concrete):
                continue
            related = relation.related_model
            if related._meta.auto_created:  # a many-to-many table: two ids, nothing else
                continue
            if model is not Candidate and relation.on_delete is not models.CASCADE:
                continue
            if related not in found and related is not Candidate:
                found.add(related)
                to_visit.append(related)
    return found


@dataclass
class CandidateWorld:
    candidate: Candidate
    advisor: User
    need: StaffingNeed
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, instance: models.Model) -> models.Model:
        self.rows.setdefault(type(instance), []).append(instance)
        return instance


def candidate_world(*, platform=None) -> CandidateWorld:
    """A candidate with skills, a language, a sensitive situation, a document, suggestions, a run, presentations
    (hired, declined, presented with interview slots) and their steps, an outcome and access-log entries."""
    advisor = AdvisorFactory(**({"memberships__platform": platform} if platform else {}))
    platform = advisor.memberships.get().platform
    candidate = CandidateFactory(
        presentable=True,
        platform=platform,
        advisor=advisor,
        reference=f"FT-{next(_references):06d}",
        first_name="Nadia",
        last_name="Benali",
        phone="0601020304",
        birth_date=datetime.date(1990, 4, 12),
        last_contact_at=datetime.date(2026, 3, 2),
        education_level=4,
        experience_years=3,
    )
    candidate.desired_occupations.add(OccupationFactory())
    candidate.certifications.add(CertificationFactory())
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    other_need = StaffingNeedFactory(open=True, employer=need.employer, site=need.site)
    third_need = StaffingNeedFactory(open=True, employer=need.employer, site=need.site)
    world = CandidateWorld(candidate=candidate, advisor=advisor, need=need)
    world.rows[Candidate] = [candidate]

    world.add(CandidateSkill.objects.create(candidate=candidate, skill=SkillFactory(), level=3))
    world.add(CandidateLanguage.objects.create(candidate=candidate, language=LanguageFactory(), level=CefrLevel.B2))
    world.add(SensitiveSituation.objects.create(candidate=candidate, is_under_26=True, receives_minimum_income=True))
    world.add(
        CandidateDocument.objects.create(
            candidate=candidate,
            original_name="CV Nadia Benali.pdf",
            stored_name=secrets.token_urlsafe(32),
            content_type="application/pdf",
            size=1234,
            sha256="a" * 64,
            uploaded_by=advisor,
        )
    )
    run = world.add(
        MatchRun.objects.create(
            scope=RunScope.CANDIDATE,
            candidate=candidate,
            status=RunStatus.SUCCEEDED,
            scoring_version="v3",
            finished_at=timezone.now(),
            timings={"score": 0.12},
            error="",
        )
    )
    world.add(
        MatchSuggestion.objects.create(
            need=need,
            candidate=candidate,
            run=run,
            rank=1,
            score=8150,
            parts={"skills": 4000, "occupation": 2000, "commute": 1000, "availability": 1000, "experience": 150},
            distance_km=7.5,
            skills_to_train=["Vente"],
            scoring_version="v3",
        )
    )
    world.add(NearMiss.objects.create(need=need, candidate=candidate, requirement="skill", requirement_id=1))
    hired = world.add(
        presentation_in(
            Status.HIRED,
            need=need,
            candidate=candidate,
            reason_code="",
            follow_up_result=FollowUpResult.SAME_EMPLOYER,
            follow_up_checked_on=datetime.date(2026, 11, 2),
            followed_up_at=timezone.now(),
            follow_up_note="Mme Benali va bien, son fils aussi",
        )
    )
    declined = world.add(
        presentation_in(
            Status.DECLINED_BY_CANDIDATE,
            need=other_need,
            candidate=candidate,
            candidate_answer_reason="Garde de ses enfants le soir",
            reason="Garde de ses enfants le soir",
        )
    )
    presented = world.add(
        presentation_in(
            Status.INTERVIEW_REQUESTED,
            need=third_need,
            candidate=candidate,
            interview_accepted_at=timezone.now(),
        )
    )
    for presentation, steps in (
        (hired, [("", Status.SHORTLISTED), (Status.SHORTLISTED, Status.PRESENTED), (Status.PRESENTED, Status.HIRED)]),
        (declined, [("", Status.SHORTLISTED), (Status.SHORTLISTED, Status.DECLINED_BY_CANDIDATE)]),
        (presented, [("", Status.SHORTLISTED), (Status.SHORTLISTED, Status.PRESENTED)]),
    ):
        for from_status, to_status in steps:
            world.add(
                PresentationTransition.objects.create(
                    presentation=presentation,
                    from_status=from_status,
                    to_status=to_status,
                    by=advisor,
                    reason="Appelée le 3 mars, Mme Benali est d'accord",
                )
            )
    world.add(
        PresentationTransition.objects.create(
            presentation=presented,
            from_status=Status.PRESENTED,
            to_status=Status.INTERVIEW_REQUESTED,
            by=advisor,
        )
    )
    world.add(
        InterviewSlot.objects.create(
            presentation=presented,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            place="Visio : lien envoyé à nadia.benali@example.org",
            proposed_by=advisor,
        )
    )
    # After an interview, the employer wrote what it thought of her.
    world.add(
        InterviewAssessment.objects.create(
            presentation=presented,
            criteria=[{"key": "experience", "label": "Expérience", "met": False}],
            comment="Nadia Benali manque d'aisance au téléphone.",
            recorded_by=advisor,
        )
    )
    world.add(
        Outcome.objects.create(
            candidate=candidate,
            kind=OutcomeKind.TRAINING,
            description="Formation CACES chez AFPA Lens, avec sa cousine",
            starts_on=datetime.date(2026, 5, 4),
            recorded_by=advisor,
        )
    )
    # She went through a pre-hiring training cohort of the need she was hired on.
    world.add(
        CohortEnrolment.objects.create(
            presentation=hired,
            cohort=TrainingCohortFactory(need=hired.need),
            status=EnrolmentStatus.COMPLETED,
            enrolled_by=advisor,
            days_attended=19,
            days_missed=1,
            attendance_recorded_at=timezone.now(),
            ended_on=datetime.date(2026, 5, 29),
            drop_out_comment="Mme Benali a manqué un jour pour son fils malade",
        )
    )
    # Another platform asked for the person, for one of its needs: what its advisor wrote names her.
    other_platform = PlatformFactory()
    world.add(
        HandOff.objects.create(
            need=StaffingNeedFactory(open=True, employer__platform=other_platform),
            candidate=candidate,
            requesting_platform=other_platform,
            owning_platform=platform,
            message="Mme Benali (0601020304) conviendrait à notre plateau",
            requested_by=AdvisorFactory(memberships__platform=other_platform),
        )
    )
    # A Mission Locale proposed her; the platform's decision was written about her (a referral is decided once: this
    # one holds every field a referral may carry).
    partner = PartnerOrganisationFactory(platforms=[platform])
    world.add(
        CandidateReferral.objects.create(
            partner=partner,
            proposed_by=PartnerAdvisorFactory(memberships__partner=partner),
            platform=platform,
            candidate=candidate,
            status="declined",
            consent_recorded_on=datetime.date(2026, 2, 20),
            consent_method="signed_form",
            decided_by=advisor,
            decided_at=timezone.now(),
            decline_reason="Mme Benali habite hors de notre territoire",
        )
    )
    world.add(
        ContactEntry.objects.create(
            candidate=candidate,
            presentation=presented,
            kind=ContactKind.CALL,
            by=advisor,
            note="Mme Benali rappellera après le rendez-vous chez son médecin",
        )
    )
    world.add(
        CandidateLink.objects.create(
            candidate=candidate,
            presentation=presented,
            purpose=LinkPurpose.PROPOSAL,
            token_hash=secrets.token_hex(32),
            sent_by_sms=True,
            created_by=advisor,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    )
    # She took a seat in an MRS test session of the platform, came and passed.
    world.add(
        SessionSeatFactory(
            session=CollectiveSessionFactory(mrs=True, platform=platform, starts_at=timezone.now()),
            candidate=candidate,
            accepted=True,
            invited_by=advisor,
            attended=True,
            mrs_passed=True,
            recorded_by=advisor,
            recorded_at=timezone.now(),
        )
    )
    # She went to a job dating for the need: both sides ranked each other and the pair was proposed.
    job_dating = CollectiveSessionFactory(job_dating=True, platform=platform, starts_at=timezone.now())
    job_dating.needs.add(need)
    SessionSeatFactory(session=job_dating, candidate=candidate, accepted=True, attended=True, recorded_by=advisor)
    world.add(
        JobDatingCandidateRanking.objects.create(
            session=job_dating, candidate=candidate, need=need, rank=1, ranked_by=advisor
        )
    )
    world.add(JobDatingEmployerRanking.objects.create(session=job_dating, need=need, candidate=candidate, rank=1))
    world.add(JobDatingProposal.objects.create(session=job_dating, need=need, candidate=candidate))
    world.add(
        PersonalDataAccess.objects.create(
            candidate=candidate,
            candidate_number=candidate.pk,
            actor=advisor,
            action=PersonalDataAccess.Action.VIEWED,
            fields=["phone"],
        )
    )
    missing = candidate_models() - set(NOT_THE_CANDIDATES_ROWS) - set(world.rows) - {Candidate}
    assert not missing, f"candidate_world() builds no row of {sorted(m._meta.label for m in missing)}: add one"
    for instances in world.rows.values():
        for instance in instances:
            instance.refresh_from_db()
    return world
