"""The demo data set: deterministic, idempotent, and consistent with the rules the staff forms enforce.

The fixture loads a handful of real Hauts-de-France communes (the five
contact-centre anchors among them), one commune outside the region, and a few
occupations, skills, languages and certifications: enough for every part of
the scenario, without the full referentials.
"""

import datetime
import io
import itertools
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.access import ReportScope, report_scope_for
from accounts.enums import MembershipRole
from accounts.models import Membership, Platform, User
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SensitiveSituation
from demo.seeding.scenario import scenario_digest
from demo.seeding.services import demo_seed, referentials_snapshot
from employers.enums import CohortFunder, NeedStatus, TrainingKind
from employers.models import Employer, EmployerLead, NeedLanguage, RecruitingWave, StaffingNeed, TrainingCohort
from employers.siret import siret_is_valid
from matching.enums import PresentationStatus
from tests.candidates.demo_referentials import demo_referentials_create
from tests.worker_processes import worker_environment

SEED_ARGUMENTS = {"candidates": 400, "employers": 12, "seed": 7}
PASSWORD = "a-demo-password-for-tests"


@pytest.fixture
def referentials(db):
    demo_referentials_create()


class _Rollback(Exception):
    pass


def _table_dump() -> dict[str, list]:
    """Every demo row, by natural keys only: ids and creation instants differ between two databases."""
    candidate_fields = [
        f.attname
        for f in Candidate._meta.concrete_fields
        if f.attname not in {"id", "commune_id", "platform_id", "advisor_id", "created_at", "updated_at"}
    ]
    need_fields = [
        f.attname
        for f in StaffingNeed._meta.concrete_fields
        if f.attname
        not in {
            "id",
            "employer_id",
            "site_id",
            "occupation_id",
            "lead_id",
            "status_changed_at",
            "created_at",
            "updated_at",
        }
    ]
    return {
        "candidates": list(
            Candidate.objects.order_by("reference").values_list(
                *candidate_fields, "commune__insee_code", "platform__slug", "advisor__email"
            )
        ),
        "skills": sorted(CandidateSkill.objects.values_list("candidate__reference", "skill__slug", "level")),
        "languages": sorted(CandidateLanguage.objects.values_list("candidate__reference", "language__code", "level")),
        "occupations": sorted(
            Candidate.desired_occupations.through.objects.values_list("candidate__reference", "occupation__rome_code")
        ),
        "certifications": sorted(
            Candidate.certifications.through.objects.values_list("candidate__reference", "certification__slug")
        ),
        "sensitive": sorted(
            SensitiveSituation.objects.values_list(
                "candidate__reference",
                "is_under_26",
                "is_50_or_over",
                "is_long_term_job_seeker",
                "has_disability_recognition",
                "lives_in_priority_neighbourhood",
                "receives_minimum_income",
            )
        ),
        "employers": sorted(Employer.objects.values_list("siret", "legal_name", "naf_code", "platform__slug")),
        "needs": sorted(
            StaffingNeed.objects.values_list("employer__siret", "occupation__rome_code", *need_fields), key=repr
        ),
        "users": sorted(User.objects.values_list("email", "is_staff", "is_superuser")),
        "leads": sorted(
            EmployerLead.objects.values_list(
                "platform__slug",
                "company_name",
                "status",
                "first_contact_on",
                "visited_on",
                "employer__siret",
                "needs__employer__siret",
            ),
            key=repr,
        ),
        "waves": sorted(
            RecruitingWave.objects.values_list(
                "need__employer__siret", "need__title", "starts_on", "hires_planned", "status", "cohort__starts_on"
            ),
            key=repr,
        ),
        "cohorts": sorted(
            TrainingCohort.objects.values_list(
                "need__employer__siret", "kind", "training_body", "place", "starts_on", "ends_on", "capacity", "funder"
            ),
            key=repr,
        ),
    }


def _seed_then_roll_back() -> tuple[str, dict[str, list]]:
    """Seed in a transaction that is then rolled back: the next call starts from a fresh database again."""
    try:
        with transaction.atomic():
            report = demo_seed(**SEED_ARGUMENTS, password=PASSWORD)
            dump = _table_dump()
            raise _Rollback
    except _Rollback:
        pass
    return report.digest, dump


def _row_counts() -> dict[str, int]:
    models = (
        Candidate,
        CandidateSkill,
        CandidateLanguage,
        SensitiveSituation,
        Employer,
        StaffingNeed,
        EmployerLead,
        Platform,
        User,
    )
    return {model.__name__: model.objects.count() for model in (*models, Membership)}


def _age_on(today: datetime.date, birth: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def test_same_seed_gives_the_same_digest_and_the_same_rows(referentials):
    first_digest, first_rows = _seed_then_roll_back()
    assert Candidate.objects.count() == 0
    second_digest, second_rows = _seed_then_roll_back()

    assert first_digest == second_digest
    assert first_rows == second_rows
    assert len(first_rows["candidates"]) == SEED_ARGUMENTS["candidates"]
    assert first_rows["waves"]
    assert first_rows["cohorts"]
    assert first_rows["leads"]
    refs, _ids = referentials_snapshot()
    assert scenario_digest(refs, **SEED_ARGUMENTS) == first_digest
    assert scenario_digest(refs, **{**SEED_ARGUMENTS, "seed": 8}) != first_digest


def test_more_candidates_keep_the_first_ones_unchanged(referentials):
    demo_seed(**{**SEED_ARGUMENTS, "candidates": 50}, password=PASSWORD)
    first_fifty = _table_dump()["candidates"]
    Candidate.objects.all().delete()

    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    assert _table_dump()["candidates"][:50] == first_fifty


def test_a_second_run_creates_nothing(referentials):
    first = demo_seed(**SEED_ARGUMENTS, password=PASSWORD)
    counts = _row_counts()

    second = demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    assert first.candidates_created == SEED_ARGUMENTS["candidates"]
    assert second.candidates_created == 0
    assert second.candidates_existing == SEED_ARGUMENTS["candidates"]
    assert (second.employers_created, second.employers_existing) == (0, SEED_ARGUMENTS["employers"])
    assert second.platforms_created == 0
    assert not any(login.created for login in second.logins)
    assert second.digest == first.digest
    assert _row_counts() == counts


def test_age_flags_agree_with_birth_dates(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)
    today = timezone.localdate()

    for birth_date, under_26, over_50 in SensitiveSituation.objects.values_list(
        "candidate__birth_date", "is_under_26", "is_50_or_over"
    ):
        age = _age_on(today, birth_date)
        assert 18 <= age <= 64
        assert under_26 == (age < 26)
        assert over_50 == (age >= 50)
    assert SensitiveSituation.objects.count() == SEED_ARGUMENTS["candidates"]


def test_every_candidate_lives_in_hauts_de_france(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    regions = set(Candidate.objects.values_list("commune__region_code", flat=True))

    assert regions == {"32"}


def test_mandatory_languages_are_justified_and_employers_are_valid(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    mandatory = NeedLanguage.objects.filter(is_mandatory=True)
    assert mandatory.exists()
    assert all(len(language.justification.strip()) >= 10 for language in mandatory)
    assert all(siret_is_valid(siret) for siret in Employer.objects.values_list("siret", flat=True))
    mass_need = StaffingNeed.objects.filter(employer__naf_code="82.20Z", headcount__gte=50).first()
    assert mass_need is not None
    assert mass_need.accepts_beginners
    assert mass_need.offers_training
    assert sum(RecruitingWave.objects.filter(need=mass_need).values_list("hires_planned", flat=True)) == (
        mass_need.headcount
    )


def test_the_lille_contact_centre_hires_280_in_four_waves_trained_by_two_poec_cohorts(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    need = StaffingNeed.objects.get(employer__legal_name="Nordcall Services", headcount=280)
    waves = list(need.waves.order_by("starts_on"))
    assert [wave.hires_planned for wave in waves] == [70, 70, 70, 70]
    assert need.selection_steps == ["information_session", "mrs", "interview"]
    assert "fournisseur d'énergie" in need.job_summary
    assert need.shows_profile_sought
    assert "métro" in need.place_and_access
    assert [(later.starts_on - earlier.starts_on).days for earlier, later in itertools.pairwise(waves)] == [30, 30, 30]
    cohorts = list(need.cohorts.order_by("starts_on"))
    assert len(cohorts) == 2
    assert {cohort.kind for cohort in cohorts} == {TrainingKind.POEC}
    assert [cohort.funder for cohort in cohorts] == [CohortFunder.FRANCE_TRAVAIL, CohortFunder.OPCO]
    assert [wave.cohort for wave in waves] == [*cohorts, None, None]
    assert all(cohort.place.endswith("Lille") for cohort in cohorts)


def test_waves_share_the_headcount_and_cohorts_end_before_the_wave_they_feed(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)
    today = timezone.localdate()

    needs_with_waves = StaffingNeed.objects.filter(waves__isnull=False).distinct()
    assert needs_with_waves.count() == 5  # the customer-service need of each contact centre
    for need in needs_with_waves:
        waves = list(need.waves.all())
        assert 2 <= len(waves) <= 4
        assert sum(wave.hires_planned for wave in waves) == need.headcount
        assert min(wave.starts_on for wave in waves) == need.start_date
    cohorts = list(TrainingCohort.objects.prefetch_related("waves"))
    assert len(cohorts) == 6
    for cohort in cohorts:
        assert 12 <= cohort.capacity <= 15
        assert cohort.seats_taken == 0
        assert today < cohort.starts_on <= cohort.ends_on
        [wave] = cohort.waves.all()
        assert wave.need_id == cohort.need_id
        assert cohort.ends_on < wave.starts_on
        assert (cohort.ends_on - cohort.starts_on).days + 3 == 7 * cohort.need.training_weeks
    # The bilingual needs keep one implicit wave: their start date and headcount.
    assert not RecruitingWave.objects.filter(need__title__contains="bilingue").exists()


def test_published_needs_have_the_history_of_their_status(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    needs = StaffingNeed.objects.prefetch_related("status_changes")
    assert {need.status for need in needs} >= {NeedStatus.OPEN, NeedStatus.DRAFT}
    for need in needs:
        changes = list(need.status_changes.all())
        if need.status == NeedStatus.DRAFT:
            assert changes == []
            continue
        assert changes[0].from_status == NeedStatus.DRAFT
        assert (changes[-1].to_status, changes[-1].changed_at) == (need.status, need.status_changed_at)
        if need.status in (NeedStatus.FILLED, NeedStatus.CLOSED):
            assert [change.to_status for change in changes] == [NeedStatus.OPEN, need.status]
            assert changes[0].changed_at < changes[1].changed_at


def test_needs_count_only_the_hires_recorded_with_their_presentation(referentials):
    # The dashboard's hires on open needs (``hires_count``) and its funnel (hired presentations) must agree.
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    needs = StaffingNeed.objects.annotate(
        hired=Count("presentations", filter=Q(presentations__status=PresentationStatus.HIRED))
    )
    assert needs.exists()
    assert [(need.pk, need.hires_count) for need in needs] == [(need.pk, need.hired) for need in needs]


def test_demo_logins_have_their_roles(referentials):
    demo_seed(**SEED_ARGUMENTS, password=PASSWORD)

    advisor = User.objects.get(email="conseiller.lille@tremplin.example")
    assert advisor.is_staff
    assert advisor.has_perm("candidates.view_sensitive_situation_data")
    assert advisor.check_password(PASSWORD)
    assert Membership.objects.filter(user=advisor, role=MembershipRole.ADVISOR, platform__slug__contains="lille")
    member = User.objects.get(email="recrutement@nordcall-services.example")
    assert not member.is_staff
    assert member.memberships.get().employer.legal_name == "Nordcall Services"
    assert User.objects.get(email="admin@tremplin.example").is_superuser
    region = User.objects.get(email="region@tremplin.example")
    assert report_scope_for(region) == ReportScope(platform_ids=None)
    assert not region.is_staff
    observers = Membership.objects.filter(role=MembershipRole.REGION_OBSERVER).exclude(departement_code="")
    assert report_scope_for(observers.get().user).departement_code == observers.get().departement_code
    partner_advisor = User.objects.get(email="conseil@mission-locale.example")
    partner = partner_advisor.memberships.get(role=MembershipRole.PARTNER_ADVISOR).partner
    assert list(partner.platforms.values_list("slug", flat=True)) == [Platform.objects.order_by("pk").first().slug]


def test_refuses_to_run_without_referentials(db):
    with pytest.raises(CommandError, match="load_referentials"):
        call_command("seed_demo", candidates=10, employers=2)


# Demo data is never seeded by accident into a real service: its logins are staff accounts and a superuser.


def test_refuses_to_run_under_the_production_settings(db):
    environment = worker_environment(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="production-like-secret-key-for-this-test-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="tremplin.example",
    )
    finished = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--candidates", "10", "--employers", "2"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode != 0
    assert "--i-know-this-is-not-production" in finished.stderr
    assert not User.objects.exists()


def test_settings_without_demo_data_refuse_it_unless_told_they_are_not_production(referentials, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="i-know-this-is-not-production"):
        call_command("seed_demo", candidates=10, employers=2, verbosity=0)
    assert not User.objects.exists()

    call_command("seed_demo", "--i-know-this-is-not-production", candidates=10, employers=2, verbosity=0)
    assert User.objects.filter(email="admin@tremplin.example", is_superuser=True).exists()


def test_demo_logins_get_a_random_password_printed_once(referentials, settings):
    settings.DEMO_PASSWORD = ""
    out = io.StringIO()
    call_command("seed_demo", candidates=10, employers=2, stdout=out)

    [password] = re.findall(r"Logins \(password (\S+)\)", out.getvalue())
    assert password != "tremplin-demo-2026"
    assert len(password) >= 16
    assert User.objects.get(email="admin@tremplin.example").check_password(password)
    assert User.objects.get(email="conseiller.lille@tremplin.example").check_password(password)

    again = io.StringIO()
    call_command("seed_demo", candidates=10, employers=2, stdout=again)
    assert password not in again.getvalue()
    assert User.objects.get(email="admin@tremplin.example").check_password(password)


def test_demo_logins_take_the_password_of_the_environment(referentials, settings):
    settings.DEMO_PASSWORD = "a-local-demo-password"
    out = io.StringIO()
    call_command("seed_demo", candidates=10, employers=2, stdout=out)

    assert "Logins (password a-local-demo-password)" in out.getvalue()
    assert User.objects.get(email="manager.lille@tremplin.example").check_password("a-local-demo-password")


def test_employer_leads_are_at_every_step_and_visited_ones_have_their_need(referentials):
    report = demo_seed(**SEED_ARGUMENTS, password=PASSWORD)
    assert report.leads_created
    today = timezone.localdate()
    statuses = set(EmployerLead.objects.values_list("status", flat=True))
    assert statuses == {"new", "visit_booked", "visited", "closed"}
    assert EmployerLead.objects.overdue(today=today).exists()
    for lead in EmployerLead.objects.filter(status="visited"):
        assert lead.employer is not None
        assert lead.days_to_visit is not None
        assert lead.days_to_visit > 0
        assert list(lead.needs.values_list("employer", flat=True)) == [lead.employer_id]
