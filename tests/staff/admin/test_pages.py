"""Every admin page renders for the roles that may open it, and shows only what each role may see."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst

from accounts.enums import MembershipRole
from accounts.services import PLATFORM_STAFF_ACTIONS, platform_staff_group_ensure
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, PersonalDataAccess, SensitiveSituation
from employers.models import Employer, NeedCertification, NeedLanguage, NeedSkill, RecruitingWave, StaffingNeed
from matching.enums import LinkPurpose, MessageSide, PositiveActionGroup, RunScope, RunStatus
from matching.link_tokens import link_salt_new, link_token_hash
from matching.models import (
    CandidateLink,
    CohortEnrolment,
    JobDatingProposal,
    MatchRun,
    MatchRunShard,
    MatchSuggestion,
    NeedMessage,
    NeedStaleness,
    Outcome,
    PositiveActionQuota,
    Presentation,
    PresentationTransition,
)
from matching.services import worker_heartbeat_record
from matching.services.needs import need_publish
from notifications.models import Notice
from referentials.enums import CefrLevel
from referentials.models import Epci, PostalCode
from tests.accounts.factories import (
    AdvisorFactory,
    EmployerAccessRequestFactory,
    EmployerInvitationFactory,
    MembershipFactory,
    PartnerOrganisationFactory,
    PlatformFactory,
    UserFactory,
)
from tests.candidates.factories import CandidateFactory, CandidateReferralFactory, SensitiveSituationFactory
from tests.employers.factories import (
    EmployerFactory,
    EmployerLeadFactory,
    MassHiringNeedFactory,
    SiteFactory,
    TrainingCohortFactory,
)
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.referentials.factories import (
    CertificationFactory,
    CommuneFactory,
    LanguageFactory,
    OccupationFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
# The personal-data access log is read by managers only.
MANAGER_ONLY_MODELS = [PersonalDataAccess]
# The record of e-mails sent names people of every platform: superusers only.
SUPERUSER_ONLY_MODELS = [Notice]
STAFF_MODELS = [
    model
    for model in REGISTERED_MODELS
    if model._meta.app_label in PLATFORM_STAFF_ACTIONS and model not in MANAGER_ONLY_MODELS + SUPERUSER_ONLY_MODELS
]
OTHER_MODELS = [
    model
    for model in REGISTERED_MODELS
    if model._meta.app_label not in PLATFORM_STAFF_ACTIONS or model in MANAGER_ONLY_MODELS + SUPERUSER_ONLY_MODELS
]
MAX_CHANGELIST_QUERIES = 15


def admin_url(model: type[Model], page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def label_of(model: type[Model], field_name: str) -> str:
    """A field's label as the admin shows it, in the default language the pages are served in."""
    with translation.override(settings.LANGUAGE_CODE):
        return capfirst(str(model._meta.get_field(field_name).verbose_name))


def model_id(model: type[Model]) -> str:
    return model._meta.label_lower


@pytest.fixture
def graph(platform, superuser) -> dict[type[Model], Model]:
    """One object of every model the admin shows, all reachable from ``platform``."""
    epci = Epci.objects.create(code="200093201", name="Métropole Européenne de Lille", kind="ME")
    commune = CommuneFactory(insee_code="59350", name="Lille", epci=epci, latitude=50.630888, longitude=3.07086)
    postcode = PostalCode.objects.create(code="59000", commune=commune)
    platform.epcis.add(epci)
    platform.communes.add(commune)

    occupation = OccupationFactory()
    skill = SkillFactory(label="Accueil téléphonique", slug="accueil-telephonique")
    skill.occupations.add(occupation)
    language = LanguageFactory()
    certification = CertificationFactory()

    employer = EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")
    site = SiteFactory(employer=employer, commune=commune, name="Plateau Euralille")
    need = MassHiringNeedFactory(employer=employer, site=site, occupation=occupation)
    need.training_skills.add(skill)
    need_skill = NeedSkill.objects.create(need=need, skill=skill)
    need_language = NeedLanguage.objects.create(
        need=need,
        language=language,
        level=CefrLevel.B2,
        is_mandatory=True,
        justification="Appels entrants de clients britanniques.",
    )
    need_certification = NeedCertification.objects.create(need=need, certification=certification)
    wave = RecruitingWave.objects.create(
        need=need, starts_on=need.start_date + datetime.timedelta(days=30), hires_planned=50
    )
    need_publish(need=need, by=superuser)
    status_change = need.status_changes.get()
    lead = EmployerLeadFactory(platform=platform, employer=employer, commune=commune, visited=True)

    member = UserFactory(email="recrutement@centre-appels.example")
    membership = MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)

    candidate = CandidateFactory(platform=platform, commune=commune, presentable=True, last_name="Lefebvre")
    candidate.desired_occupations.add(occupation)
    candidate.certifications.add(certification)
    candidate_skill = CandidateSkill.objects.create(candidate=candidate, skill=skill, level=3)
    candidate_language = CandidateLanguage.objects.create(candidate=candidate, language=language, level=CefrLevel.B1)
    situation = SensitiveSituationFactory(candidate=candidate, has_disability_recognition=True)

    heartbeat = worker_heartbeat_record(hostname="worker-1")
    run = MatchRun.objects.create(scope=RunScope.ALL, scoring_version="test", status=RunStatus.SUCCEEDED)
    shard = MatchRunShard.objects.create(run=run, index=0, need_ids=[need.pk], is_done=True)
    suggestion = MatchSuggestion.objects.create(
        need=need, candidate=candidate, run=run, rank=1, score=8150, distance_km=2.5, scoring_version="test",
        parts={"skills": 4500, "occupation": 2000, "commute": 650, "availability": 1000, "experience": 0},
    )  # fmt: skip
    access = PersonalDataAccess.objects.create(
        candidate=candidate, candidate_number=candidate.pk, actor=superuser, action="viewed"
    )
    notice = Notice.objects.create(key="presented:1:abc:recrutement@centre-appels.example", recipient=member.email)
    email_address = EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    authenticator = Authenticator.objects.create(
        user=superuser, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20, "used_mask": 0}
    )
    presentation = Presentation.objects.create(need=need, candidate=candidate, created_by=superuser)
    transition = PresentationTransition.objects.create(
        presentation=presentation, to_status="shortlisted", by=superuser
    )
    outcome = Outcome.objects.create(
        candidate=candidate, kind="training", description="POEC relation client", starts_on=need.start_date
    )
    now = timezone.now()
    candidate_link = CandidateLink.objects.create(
        presentation=presentation,
        candidate=candidate,
        purpose=LinkPurpose.PROPOSAL,
        token_salt=link_salt_new(),
        token_hash=link_token_hash(link_salt_new()),
        sent_by_email=True,
        created_by=superuser,
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    cohort = TrainingCohortFactory(need=need)
    enrolment = CohortEnrolment.objects.create(presentation=presentation, cohort=cohort)
    access_request = EmployerAccessRequestFactory(employer=employer, platform=platform)
    invitation = EmployerInvitationFactory(employer=employer)
    session = CollectiveSessionFactory(job_dating=True, platform=platform, needs=[need], title="Job dating Euralille")
    seat = SessionSeatFactory(session=session, candidate=candidate, accepted=True, attended=True)
    proposal = JobDatingProposal.objects.create(session=session, need=need, candidate=candidate)
    staleness = NeedStaleness.objects.create(need=need, flagged_at=now)
    message = NeedMessage.objects.create(
        need=need, author=superuser, side=MessageSide.PLATFORM, body="Où en est le recrutement ?"
    )
    quota = PositiveActionQuota.objects.create(
        need=need, group=PositiveActionGroup.DISABILITY_RECOGNITION, share_percent=10, reason="Engagement RQTH."
    )
    from accounts.api_tokens import api_token_create
    from tests.accounts.factories import totp_code_now

    api_token = api_token_create(user=superuser, name="Logiciel RH", totp_code=totp_code_now(superuser)).token

    partner = PartnerOrganisationFactory(name="Mission Locale de Lille", platforms=[platform])
    referral = CandidateReferralFactory(partner=partner, platform=platform, candidate__commune=commune)

    objects = [
        partner,
        referral,
        api_token,
        platform_staff_group_ensure(),
        member,
        platform,
        membership,
        epci,
        commune,
        postcode,
        occupation,
        skill,
        language,
        certification,
        employer,
        site,
        need,
        need_skill,
        need_language,
        need_certification,
        wave,
        status_change,
        candidate,
        candidate_skill,
        candidate_language,
        situation,
        heartbeat,
        run,
        shard,
        suggestion,
        quota,
        presentation,
        transition,
        outcome,
        candidate_link,
        cohort,
        enrolment,
        email_address,
        authenticator,
        notice,
        access,
        access_request,
        invitation,
        session,
        seat,
        proposal,
        staleness,
        message,
        lead,
    ]
    return {type(instance): instance for instance in objects}


@pytest.fixture
def staff_without_platform():
    """A staff user with every permission of the staff group, but no platform membership and no superuser flag."""
    user = UserFactory(is_staff=True, email="sans.plateforme@tremplin.example")
    user.groups.add(platform_staff_group_ensure())
    return user


def instance_for(graph: dict[type[Model], Model], model: type[Model]) -> Model:
    if model not in graph:
        pytest.fail(f"The admin graph has no {model._meta.label} object: add one to the `graph` fixture.")
    return graph[model]


# Every page for a superuser


def test_graph_covers_every_registered_model(graph):
    missing = [model._meta.label for model in REGISTERED_MODELS if model not in graph]
    assert missing == []


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_changelist_lists_the_object(client, superuser, graph, model):
    instance = instance_for(graph, model)
    client.force_login(superuser)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert admin_url(model, "change", instance.pk) in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_add_page_renders_when_adding_is_allowed(client, superuser, graph, model):
    request = RequestFactory().get("/")
    request.user = superuser
    may_add = admin.site._registry[model].has_add_permission(request)
    client.force_login(superuser)
    response = client.get(admin_url(model, "add"))
    assert response.status_code == (200 if may_add else 403)
    if may_add:
        assert 'name="_save"' in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_change_page_shows_the_object(client, superuser, graph, model):
    instance = instance_for(graph, model)
    client.force_login(superuser)
    response = client.get(admin_url(model, "change", instance.pk))
    assert response.status_code == 200
    assert escape(str(instance)) in response.content.decode()


def test_need_change_page_shows_its_status_history(client, superuser, graph):
    client.force_login(superuser)
    need = graph[StaffingNeed]
    response = client.get(admin_url(StaffingNeed, "change", need.pk))
    content = response.content.decode()
    assert str(need.status_changes.get()) in content
    assert "Appels entrants de clients britanniques." in content


# An advisor


def test_admin_index_renders_for_an_advisor(client, advisor, graph):
    client.force_login(advisor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert admin_url(Employer, "changelist") in content
    assert admin_url(SensitiveSituation, "changelist") in content


@pytest.mark.parametrize("model", STAFF_MODELS, ids=model_id)
def test_changelist_renders_for_an_advisor(client, advisor, graph, model):
    client.force_login(advisor)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", OTHER_MODELS, ids=model_id)
def test_changelist_outside_the_staff_apps_is_forbidden_to_an_advisor(client, advisor, model):
    client.force_login(advisor)
    assert client.get(admin_url(model, "changelist")).status_code == 403


def assert_missing_for(client, url: str) -> None:
    """Django's admin answers a redirect to its index, with a message, for an object outside the queryset."""
    response = client.get(url)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response.url == reverse("admin:index")


def test_advisor_sees_only_the_employers_of_their_platform(client, advisor, platform):
    own = EmployerFactory(platform=platform, legal_name="Logistique des Flandres")
    other = EmployerFactory(platform=PlatformFactory(), legal_name="Téléservices de Picardie")
    client.force_login(advisor)

    content = client.get(admin_url(Employer, "changelist")).content.decode()

    assert own.legal_name in content
    assert other.legal_name not in content
    assert client.get(admin_url(Employer, "change", own.pk)).status_code == 200
    assert_missing_for(client, admin_url(Employer, "change", other.pk))


def test_advisor_sees_only_the_candidates_of_their_platform(client, advisor, platform):
    own = CandidateFactory(platform=platform, last_name="Vandenbussche")
    other = CandidateFactory(platform=PlatformFactory(), last_name="Dufourmantelle")
    client.force_login(advisor)

    content = client.get(admin_url(Candidate, "changelist")).content.decode()

    assert own.last_name in content
    assert other.last_name not in content
    assert client.get(admin_url(Candidate, "change", own.pk)).status_code == 200
    assert_missing_for(client, admin_url(Candidate, "change", other.pk))


def test_advisor_sees_only_the_needs_of_their_platform(client, advisor, graph):
    other = MassHiringNeedFactory(employer=EmployerFactory(platform=PlatformFactory()), title="Préparateurs Amiens")
    own = graph[StaffingNeed]
    client.force_login(advisor)

    content = client.get(admin_url(StaffingNeed, "changelist")).content.decode()

    assert admin_url(StaffingNeed, "change", own.pk) in content
    assert other.title not in content
    assert_missing_for(client, admin_url(StaffingNeed, "change", other.pk))


# Sensitive situations


def test_advisor_sees_the_sensitive_situation_of_their_candidate(client, advisor, graph):
    candidate = graph[Candidate]
    client.force_login(advisor)

    response = client.get(admin_url(Candidate, "change", candidate.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert label_of(SensitiveSituation, "has_disability_recognition") in content
    assert 'name="sensitive_situation-0-has_disability_recognition"' in content
    changelist = client.get(admin_url(SensitiveSituation, "changelist"))
    assert changelist.status_code == 200
    assert admin_url(SensitiveSituation, "change", candidate.pk) in changelist.content.decode()


def test_advisor_may_record_a_sensitive_situation_when_adding_a_candidate(client, advisor):
    client.force_login(advisor)
    response = client.get(admin_url(Candidate, "add"))
    assert response.status_code == 200
    assert label_of(SensitiveSituation, "has_disability_recognition") in response.content.decode()


def test_staff_without_platform_never_sees_sensitive_fields_on_the_candidate_pages(
    client, staff_without_platform, graph
):
    candidate = graph[Candidate]
    client.force_login(staff_without_platform)

    add_page = client.get(admin_url(Candidate, "add"))

    assert add_page.status_code == 200
    assert label_of(SensitiveSituation, "has_disability_recognition") not in add_page.content.decode()
    assert "has_disability_recognition" not in add_page.content.decode()
    # Not on any platform, they reach no candidate at all.
    assert_missing_for(client, admin_url(Candidate, "change", candidate.pk))


def test_staff_without_platform_is_refused_the_sensitive_situation_changelist(client, staff_without_platform, graph):
    client.force_login(staff_without_platform)
    assert client.get(admin_url(SensitiveSituation, "changelist")).status_code == 403


def test_staff_without_platform_is_refused_the_sensitive_situation_add_page(client, staff_without_platform):
    client.force_login(staff_without_platform)
    assert client.get(admin_url(SensitiveSituation, "add")).status_code == 403


def test_staff_without_platform_does_not_see_sensitive_situations_on_the_index(client, staff_without_platform):
    client.force_login(staff_without_platform)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert admin_url(SensitiveSituation, "changelist") not in response.content.decode()


# Query counts


@pytest.fixture
def twenty_rows(platform):
    commune = CommuneFactory(insee_code="59350", name="Lille")
    advisor_user = AdvisorFactory(memberships__platform=platform)
    EmployerFactory.create_batch(20, platform=platform)
    CandidateFactory.create_batch(20, platform=platform, commune=commune, advisor=advisor_user)


@pytest.mark.parametrize("role", ["superuser", "advisor"])
@pytest.mark.parametrize("model", [Employer, Candidate], ids=model_id)
def test_changelist_of_twenty_rows_runs_a_bounded_number_of_queries(
    client, request, twenty_rows, django_assert_max_num_queries, role, model
):
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert all(admin_url(model, "change", pk) in content for pk in model.objects.values_list("pk", flat=True))
    assert len(response.context["cl"].result_list) == 20


def test_an_advisor_cannot_grant_roles_or_superuser_status(client, advisor, graph):
    from accounts.models import Membership, User

    client.force_login(advisor)
    target = graph[User]
    response = client.post(admin_url(User, "change", target.pk), {"email": target.email, "is_superuser": "on"})
    assert response.status_code == 403
    assert client.get(admin_url(Membership, "add")).status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser
