"""The seeded world of the access tests: two platforms, two employers, their people and one of every object.

Platform A has an advisor and a manager, employer A with one member and employer C with one member; platform B has
an advisor and employer B with one member; someone signed up without any membership yet; a superuser sees
everything; a Mission Locale works with platform A, and its advisor proposed people to it. Every object a URL can
name exists on A's side (a need, its requirements, candidates at each step of the presentation workflow,
suggestions, a run, a document, an access request, invitations...), and the objects the
portal lists exist on B's side too, so that a page can be checked for what it must not show. ``tests/test_access.py``
asks every URL for A's objects as each role; ``tests/test_sensitive_markers.py`` adds candidates whose personal
fields carry marker strings.

Staff users get a TOTP authenticator from their factory, so ``client.force_login`` reaches every staff page:
``accounts.mfa.StaffTwoFactorMiddleware`` checks that an authenticator exists, not how the session began.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.api_tokens import api_token_create
from accounts.enums import MembershipRole
from accounts.models import Membership, User
from accounts.services import platform_staff_group_ensure
from candidates.documents import document_store
from candidates.enums import DocumentKind
from candidates.models import CandidateImport, CandidateLanguage, CandidateSkill, PersonalDataAccess
from employers.enums import CohortStatus, SkillImportance
from employers.models import NeedCertification, NeedLanguage, NeedSkill, RecruitingWave
from matching.enums import (
    JobDatingProposalStatus,
    LinkPurpose,
    MessageSide,
    PositiveActionGroup,
    PresentationStatus,
    RunScope,
    RunStatus,
    SeatStatus,
    SessionKind,
)
from matching.link_tokens import link_salt_new, link_token_hash
from matching.models import (
    CandidateLink,
    CollectiveSession,
    HandOff,
    InterviewSlot,
    JobDatingProposal,
    MatchRun,
    MatchRunShard,
    MatchSuggestion,
    NeedMessage,
    NeedStaleness,
    Outcome,
    PositiveActionQuota,
    PresentationTransition,
    SessionSeat,
)
from matching.services import worker_heartbeat_record
from matching.services.cohorts import cohort_enrol
from matching.services.needs import need_publish
from notifications.models import Notice
from referentials.enums import CefrLevel
from referentials.models import Epci, PostalCode
from tests.accounts.factories import (
    AdvisorFactory,
    EmployerAccessRequestFactory,
    EmployerInvitationFactory,
    MembershipFactory,
    PartnerAdvisorFactory,
    PartnerOrganisationFactory,
    PlatformFactory,
    RegionObserverFactory,
    SuperuserFactory,
    UserFactory,
    totp_code_now,
)
from tests.candidates.factories import CandidateFactory, CandidateReferralFactory, SensitiveSituationFactory
from tests.employers.factories import (
    EmployerFactory,
    EmployerLeadFactory,
    SiteFactory,
    StaffingNeedFactory,
    TrainingCohortFactory,
)
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import (
    CertificationFactory,
    CommuneFactory,
    LanguageFactory,
    OccupationFactory,
    SkillFactory,
)

Status = PresentationStatus

ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "member_c",
    "no_membership",
    "advisor_a",
    "advisor_b",
    "manager",
    "superuser",
    "observer",
    "partner",
)
STAFF_ROLES = ("advisor_a", "advisor_b", "manager", "superuser")
EMPLOYER_ROLES = ("member_a", "member_b", "member_c")
INVITATION_TOKEN = "jeton-de-la-matrice-0001-abcdefghijklmnopqrstuvwxyz"
# The workflow steps presented to employer A; "interview_accepted" is an interview requested and accepted.
PRESENTATION_STEPS = (
    "shortlisted",
    "presented",
    "interview_requested",
    "interview_accepted",
    "interview_scheduled",
    "hired",
    "not_hired",
    "declined_by_employer",
    "withdrawn",
)
SUGGESTION_PARTS = {"skills": 4500, "occupation": 2000, "commute": 650, "availability": 1000, "experience": 0}


@dataclass
class AccessWorld:
    """The users by role (no entry for "anonymous") and the objects by name."""

    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self.objects[name] = value


def _member(employer, **fields) -> User:
    user = UserFactory(**fields)
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


PDF_CONTENT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def document_create(*, candidate, by: User) -> Any:
    """A CV stored with the candidate's profile; the caller points ``settings.PRIVATE_MEDIA_ROOT`` to a temporary
    folder first."""
    upload = SimpleUploadedFile("cv.pdf", PDF_CONTENT, content_type="application/pdf")
    return document_store(candidate=candidate, uploaded_file=upload, kind=DocumentKind.CV, by=by)


def api_tokens_create(world: AccessWorld) -> None:
    """One API token per role: ``world["api_tokens"][role]`` and its key ``world["api_keys"][role]``."""
    created = {
        role: api_token_create(user=user, name=f"Matrice {role}", totp_code=totp_code_now(user))
        for role, user in world.users.items()
    }
    world["api_tokens"] = {role: token.token for role, token in created.items()}
    world["api_keys"] = {role: token.key for role, token in created.items()}
    # A second token of employer A's member, for the revoking URLs (the first one keeps working).
    world["spare_token"] = api_token_create(user=world.users["member_a"], name="Matrice de rechange").token


def build_access_world() -> AccessWorld:
    """Everything the access tests name, on platform A, and the mirror objects on platform B."""
    world = AccessWorld()
    platform_a = PlatformFactory(name="Plateforme Lille", slug="plateforme-lille")
    platform_b = PlatformFactory(name="Plateforme Amiens", slug="plateforme-amiens")
    epci = Epci.objects.create(code="200093201", name="Métropole Européenne de Lille", kind="ME")
    lille = CommuneFactory(insee_code="59350", name="Lille", epci=epci, latitude=50.630888, longitude=3.07086)
    roubaix = CommuneFactory(insee_code="59512", name="Roubaix", latitude=50.690315, longitude=3.181674)
    amiens = CommuneFactory(
        insee_code="80021", name="Amiens", departement_code="80", latitude=49.893422, longitude=2.295408
    )
    platform_a.epcis.add(epci)
    platform_a.communes.add(lille, roubaix)
    platform_b.communes.add(amiens)
    postcode = PostalCode.objects.create(code="59000", commune=lille)

    superuser = SuperuserFactory(email="super@tremplin.example")
    employer_a = EmployerFactory(platform=platform_a, legal_name="Centre d'appels du Nord")
    employer_b = EmployerFactory(platform=platform_b, legal_name="Téléservices de Picardie")
    employer_c = EmployerFactory(platform=platform_a, legal_name="Plateau logistique de Roubaix")
    no_membership = UserFactory(email="inscrite@sans-employeur.example")
    EmailAddress.objects.create(user=no_membership, email=no_membership.email, verified=True, primary=True)
    world.users = {
        "member_a": _member(employer_a, email="rh@centre-appels-nord.example"),
        "member_b": _member(employer_b, email="rh@teleservices-picardie.example"),
        "member_c": _member(employer_c, email="rh@plateau-roubaix.example"),
        "no_membership": no_membership,
        "advisor_a": AdvisorFactory(memberships__platform=platform_a, email="conseil.lille@tremplin.example"),
        "advisor_b": AdvisorFactory(memberships__platform=platform_b, email="conseil.amiens@tremplin.example"),
        "manager": AdvisorFactory(
            memberships__platform=platform_a,
            memberships__role=MembershipRole.MANAGER,
            email="direction.lille@tremplin.example",
        ),
        "superuser": superuser,
        # A reader of the territorial reports of the whole region: counts, never a person.
        "observer": RegionObserverFactory(email="observatoire@region.example"),
    }
    # A Mission Locale that works with platform A, and its advisor (with TOTP, as partners must have).
    partner = PartnerOrganisationFactory(name="Mission Locale de Lille", platforms=[platform_a])
    world.users["partner"] = PartnerAdvisorFactory(memberships__partner=partner, email="conseil@ml-lille.example")
    world["partner"] = partner

    occupation = OccupationFactory()
    skill = SkillFactory(label="Accueil téléphonique", slug="accueil-telephonique")
    skill.occupations.add(occupation)
    language = LanguageFactory()
    certification = CertificationFactory()

    site_a = SiteFactory(employer=employer_a, commune=lille, name="Plateau Euralille")
    site_b = SiteFactory(employer=employer_b, commune=amiens, name="Plateau Amiens")
    need_a = StaffingNeedFactory(employer=employer_a, site=site_a, occupation=occupation, title="Conseillers Lille")
    need_skill = NeedSkill.objects.create(need=need_a, skill=skill, importance=SkillImportance.MUST_HAVE)
    need_language = NeedLanguage.objects.create(
        need=need_a, language=language, level=CefrLevel.B2, is_mandatory=True, justification="Clients britanniques."
    )
    need_certification = NeedCertification.objects.create(need=need_a, certification=certification)
    wave = RecruitingWave.objects.create(
        need=need_a, starts_on=need_a.start_date + datetime.timedelta(days=30), hires_planned=2
    )
    need_publish(need=need_a, by=superuser)
    need_b = StaffingNeedFactory(
        employer=employer_b, site=site_b, occupation=occupation, title="Conseillers Amiens", open=True
    )

    def candidate_a(last_name: str, **fields):
        candidate = CandidateFactory(
            presentable=True, platform=platform_a, commune=roubaix, last_name=last_name, **fields
        )
        candidate.desired_occupations.add(occupation)
        return candidate

    run = MatchRun.objects.create(scope=RunScope.NEED, need=need_a, scoring_version="test", status=RunStatus.SUCCEEDED)
    run_all = MatchRun.objects.create(scope=RunScope.ALL, scoring_version="test", status=RunStatus.SUCCEEDED)
    shard = MatchRunShard.objects.create(run=run_all, index=0, need_ids=[need_a.pk], is_done=True)

    def suggestion(need, candidate, rank):
        return MatchSuggestion.objects.create(
            need=need, candidate=candidate, run=run, rank=rank, score=8150 - rank, distance_km=9.5,
            scoring_version="test", parts=SUGGESTION_PARTS,
        )  # fmt: skip

    suggested = candidate_a("Suggeree")
    CandidateSkill.objects.create(candidate=suggested, skill=skill, level=3)
    CandidateLanguage.objects.create(candidate=suggested, language=language, level=CefrLevel.B1)
    first_suggestion = suggestion(need_a, suggested, 1)
    presentations = {}
    for rank, step in enumerate(PRESENTATION_STEPS, start=2):
        candidate = candidate_a(f"Etape{step.title().replace('_', '')}")
        CandidateSkill.objects.create(candidate=candidate, skill=skill, level=2)
        suggestion(need_a, candidate, rank)
        if step == "interview_accepted":
            presentations[step] = presentation_in(
                Status.INTERVIEW_REQUESTED, need=need_a, candidate=candidate, interview_accepted_at=timezone.now()
            )
        else:
            presentations[step] = presentation_in(step, need=need_a, candidate=candidate)
    # The staff actions each get a presentation of their own, in the step the action starts from, so that what one
    # action changes does not change the answer of the next; the portal's answers use the ones above.
    for action, step in (
        ("staff_answer", Status.SHORTLISTED),
        ("staff_interview_request", Status.PRESENTED),
        ("staff_interview_schedule", Status.INTERVIEW_REQUESTED),
        ("staff_interview_accept", Status.INTERVIEW_REQUESTED),
        ("staff_slot_confirm", Status.INTERVIEW_REQUESTED),
        ("staff_hire", Status.INTERVIEW_SCHEDULED),
        ("staff_end", Status.PRESENTED),
        ("portal_decline", Status.PRESENTED),
        ("portal_interview_request", Status.PRESENTED),
        ("portal_slots", Status.INTERVIEW_REQUESTED),
        ("portal_slot_confirm", Status.INTERVIEW_REQUESTED),
        ("portal_hire", Status.INTERVIEW_SCHEDULED),
        ("portal_no_hire", Status.INTERVIEW_SCHEDULED),
        ("api_employer_answer", Status.PRESENTED),
        ("api_staff_step", Status.PRESENTED),
    ):
        fields = {"interview_accepted_at": timezone.now()} if step == Status.INTERVIEW_REQUESTED else {}
        presentations[action] = presentation_in(step, need=need_a, candidate=candidate_a(action.title()), **fields)
    starts_at = timezone.now() + datetime.timedelta(days=3)
    slot = InterviewSlot.objects.create(
        presentation=presentations["staff_slot_confirm"], starts_at=starts_at, place="Plateau Euralille"
    )
    portal_slot = InterviewSlot.objects.create(
        presentation=presentations["portal_slot_confirm"], starts_at=starts_at, place="Plateau Euralille"
    )
    transition = PresentationTransition.objects.create(
        presentation=presentations["presented"],
        from_status=Status.SHORTLISTED,
        to_status=Status.PRESENTED,
        by=superuser,
    )
    candidate_b = CandidateFactory(presentable=True, platform=platform_b, commune=amiens, last_name="Picard")
    presentation_b = presentation_in(Status.PRESENTED, need=need_b, candidate=candidate_b)

    situation = SensitiveSituationFactory(candidate=suggested, has_disability_recognition=True)
    outcome = Outcome.objects.create(
        candidate=suggested, kind="training", description="POEC relation client", starts_on=need_a.start_date
    )
    access = PersonalDataAccess.objects.create(
        candidate=suggested, candidate_number=suggested.pk, actor=superuser, action="viewed"
    )
    quota = PositiveActionQuota.objects.create(
        need=need_a, group=PositiveActionGroup.LONG_TERM_JOB_SEEKERS, share_percent=10, reason="Engagement DELD."
    )
    member_a = world.users["member_a"]
    notice = Notice.objects.create(key=f"presented:{need_a.pk}:matrice:{member_a.email}", recipient=member_a.email)
    # Platform B asks platform A for A's suggested candidate, for B's need: A's staff answer it.
    hand_off = HandOff.objects.create(
        need=need_b,
        candidate=suggested,
        requesting_platform=platform_b,
        owning_platform=platform_a,
        message="Profil idéal pour notre plateau d'Amiens.",
        requested_by=world.users["advisor_b"],
    )
    requester = UserFactory(email="demande@logistique.example")
    EmailAddress.objects.create(user=requester, email=requester.email, verified=True, primary=True)

    # A running training cohort of need A with one trainee, enrolled from a presentation.
    cohort = TrainingCohortFactory(need=need_a, status=CohortStatus.RUNNING)
    trainee = presentation_in(Status.PRESENTED, need=need_a, candidate=candidate_a("Stagiaire"))
    enrolment = cohort_enrol(presentation=trainee, cohort=cohort, by=superuser)

    world.objects.update(
        platform_a=platform_a,
        platform_b=platform_b,
        epci=epci,
        commune=lille,
        postcode=postcode,
        occupation=occupation,
        skill=skill,
        language=language,
        certification=certification,
        employer_a=employer_a,
        employer_b=employer_b,
        employer_c=employer_c,
        site_a=site_a,
        site_b=site_b,
        need_a=need_a,
        need_b=need_b,
        need_skill=need_skill,
        need_language=need_language,
        need_certification=need_certification,
        wave=wave,
        cohort=cohort,
        enrolment=enrolment,
        status_change=need_a.status_changes.get(),
        draft_a=StaffingNeedFactory(employer=employer_a, site=site_a, occupation=occupation, title="Brouillon"),
        need_to_pause=StaffingNeedFactory(employer=employer_a, site=site_a, open=True, title="A suspendre"),
        need_to_close=StaffingNeedFactory(employer=employer_a, site=site_a, open=True, title="A clore"),
        api_draft=StaffingNeedFactory(employer=employer_a, site=site_a, occupation=occupation, title="Brouillon API"),
        api_need_to_close=StaffingNeedFactory(employer=employer_a, site=site_a, open=True, title="A clore par l'API"),
        suggested=suggested,
        candidate_skill=suggested.skills.get(),
        candidate_language=suggested.languages.get(),
        candidate_b=candidate_b,
        presentations=presentations,
        presentation_b=presentation_b,
        slot=slot,
        portal_slot=portal_slot,
        transition=transition,
        run=run,
        run_all=run_all,
        shard=shard,
        suggestion=first_suggestion,
        hand_off=hand_off,
        situation=situation,
        outcome=outcome,
        access=access,
        quota=quota,
        notice=notice,
        heartbeat=worker_heartbeat_record(hostname="worker-matrice"),
        staff_group=platform_staff_group_ensure(),
        membership_a=Membership.objects.get(user=member_a),
        email_address=EmailAddress.objects.get(user=member_a),
        authenticator=Authenticator.objects.get(user=world.users["advisor_a"], type=Authenticator.Type.TOTP),
        access_request=EmployerAccessRequestFactory(user=requester, employer=employer_a, platform=platform_a),
        invitation=EmployerInvitationFactory(employer=employer_a, invited_by=member_a),
        invitation_token=EmployerInvitationFactory(employer=employer_a, token=INVITATION_TOKEN) and INVITATION_TOKEN,
    )
    # A document of a revealed candidate (the portal may serve it) and of a hidden one (it may not).
    world["document"] = document_create(candidate=presentations["interview_scheduled"].candidate, by=superuser)
    world["hidden_document"] = document_create(candidate=presentations["presented"].candidate, by=superuser)
    # A candidate import of platform A, checked, with nothing to write: posting "write" is refused with a message.
    world["import_job"] = CandidateImport.objects.create(
        platform=platform_a,
        created_by=world.users["advisor_a"],
        filename="candidats.csv",
        content=b"Nom;Prenom;Commune\n",
        status=CandidateImport.Status.CHECKED,
        report={"rows_read": 0, "to_create": 0, "errors": [[2, "le fichier ne contient aucun candidat"]]},
    )
    # A link sent to a candidate of need A: read in the admin, revoked by its action, never changed or deleted.
    now = timezone.now()
    world["candidate_link"] = CandidateLink.objects.create(
        presentation=presentations["presented"],
        candidate_id=presentations["presented"].candidate_id,
        purpose=LinkPurpose.INTERVIEW_SLOT,
        token_salt=link_salt_new(),
        token_hash=link_token_hash(link_salt_new()),
        sent_by_email=True,
        created_by=world.users["advisor_a"],
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    # An MRS session of platform A for need A, with one of A's candidates checked in.
    world["session_a"] = CollectiveSessionFactory(mrs=True, platform=platform_a, needs=[need_a], title="MRS Lille")
    world["session_seat_a"] = SessionSeatFactory(
        session=world["session_a"], candidate=presentations["presented"].candidate, accepted=True, attended=True
    )
    # A need of A flagged without activity, and a message of its thread (both read in the admin).
    world["staleness"] = NeedStaleness.objects.create(need=need_a, flagged_at=now)
    world["need_message"] = NeedMessage.objects.create(
        need=need_a, author=world.users["advisor_a"], side=MessageSide.PLATFORM, body="Des nouvelles du recrutement ?"
    )
    # A lead of platform A, visited and linked to employer A: every step of its staff page can be asked.
    world["lead_a"] = EmployerLeadFactory(
        platform=platform_a, employer=employer_a, commune=lille, company_name="Centre d'appels du Nord", visited=True
    )
    job_dating_add(world)
    referrals_add(world)
    api_tokens_create(world)
    return world


def referrals_add(world: AccessWorld) -> None:
    """The partner's proposals to platform A: one waiting (the staff actions decide on their own), one accepted, and a
    file of proposals checked with a line in error; and another partner's proposal, which the partner never sees."""
    platform_a, partner = world["platform_a"], world["partner"]
    by = world.users["partner"]
    world["referral"] = CandidateReferralFactory(
        partner=partner, platform=platform_a, proposed_by=by, candidate__last_name="Proposee"
    )
    world["referral_to_accept"] = CandidateReferralFactory(partner=partner, platform=platform_a, proposed_by=by)
    world["referral_to_decline"] = CandidateReferralFactory(partner=partner, platform=platform_a, proposed_by=by)
    world["other_partner_referral"] = CandidateReferralFactory(platform=platform_a)
    world["partner_import_job"] = CandidateImport.objects.create(
        platform=platform_a,
        partner=partner,
        created_by=by,
        filename="orientations.csv",
        content=b"Nom;Prenom;Commune\n",
        status=CandidateImport.Status.CHECKED,
        report={"rows_read": 1, "to_create": 0, "errors": [[2, "date du consentement manquante"]]},
    )


def job_dating_add(world: AccessWorld) -> None:
    """A job dating of platform A for need A: the suggested candidate attended, and its pair was proposed and
    rejected, so that confirming or rejecting it again is refused the same way for every role that reaches it."""
    starts_at = timezone.now() - datetime.timedelta(days=1)
    session = CollectiveSession.objects.create(
        kind=SessionKind.JOB_DATING,
        title="Job dating Euralille",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Maison de l'emploi, Lille",
        capacity=10,
        platform=world["platform_a"],
    )
    session.needs.add(world["need_a"])
    SessionSeat.objects.create(
        session=session,
        session_kind=session.kind,
        candidate=world["suggested"],
        status=SeatStatus.ACCEPTED,
        answered_at=starts_at,
        attended=True,
    )
    world["job_dating_proposal"] = JobDatingProposal.objects.create(
        session=session,
        need=world["need_a"],
        candidate=world["suggested"],
        status=JobDatingProposalStatus.REJECTED,
        decided_at=timezone.now(),
    )
    world["job_dating"] = session
