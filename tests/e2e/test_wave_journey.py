"""A mass-hiring need in a real browser: three waves, a POEC cohort, and the first wave filled through it.

The employer states a need for five people in three waves (two, two and one) through the four steps of the form,
plans a POEC cohort on the need's page, sees on the review step how many people the need reaches (the sourcing
check, computed by a real Celery worker), and publishes it; the worker computes the run. An advisor then opens the
need's review page (logging in with their authenticator's code), sees each wave's progress and the suggestions with
their reasons, filters those proposed for the first wave, shortlists them, records that they are interested,
presents them, enrols the first wave's people in the cohort, starts it and records their completion, which hires
them. The review page and the employer's page then show the first wave filled, and the cohort's gauge its seats.

Every step goes through the pages; the one step no page offers (naming the cohort that trains a wave) calls the
service a page would. Pages are checked by axe and kept as screenshots in var/test-artefacts/e2e/.
"""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, expect

from employers.cohorts import wave_cohort_link
from employers.enums import CohortFunder, CohortStatus, NeedStatus, TrainingKind, WaveStatus
from employers.models import RecruitingWave, StaffingNeed, TrainingCohort
from matching.enums import PresentationStatus
from matching.models import MatchSuggestion, NeedSourcing, Presentation
from matching.sourcing_selectors import need_sourcing_requested_at
from tests.accounts.factories import PASSWORD, totp_code_now
from tests.candidates.factories import CandidateFactory
from tests.e2e.browser import Steps, axe_check, log_in, page_check
from tests.e2e.test_employer_journey import factories_world, pick_suggestion
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT = 90_000  # milliseconds: the worker process starts, then computes in well under a second
TITLE = "Téléconseiller·ère — ouverture du plateau"
WAVES = (2, 2, 1)
CANDIDATES = 8
TRAINING_BODY = "AFPA Lille"


@pytest.fixture
def own_cache(settings):
    """The cache under a key prefix of this test's own. The cache is Redis, shared by every test run on the machine
    and kept between tests, while need ids start again at 1 in every test database: without it, a sourcing check
    another test asked for its need no. 1 within ``SOURCING_WAIT`` would stand for this test's, and none be asked."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"e2e-{uuid.uuid4().hex}"}}


@pytest.fixture
def world(platform, advisor):
    """The employer's journey's contact centre, its recruiter and four people with the phone skill, and four more
    people of the advisor's platform without it, whom the training would teach it."""
    world = factories_world(platform, advisor)
    communes = hauts_de_france_communes()
    for town in ["Lille", "Roubaix", "Tourcoing", "Lille"]:
        candidate = CandidateFactory(presentable=True, platform=platform, advisor=advisor, commune=communes[town])
        candidate.desired_occupations.set([OccupationFactory()])
    return world


def submit(page: Page, locator: str | Locator) -> None:
    """Click a submit button and wait for the page it leads to."""
    button = page.locator(locator) if isinstance(locator, str) else locator
    with page.expect_navigation():
        button.click()


def staff_log_in(page: Page, user, *, next_url: str) -> None:
    """allauth's login form, then the code of the staff member's authenticator; lands on ``next_url``."""
    log_in_form = page.locator("form").filter(has=page.locator("input[name=password]"))
    page.goto(reverse("account_login") + f"?next={next_url}")
    log_in_form.locator("input[name=login]").fill(user.email)
    log_in_form.locator("input[name=password]").fill(PASSWORD)
    submit(page, log_in_form.locator("button[type=submit]"))
    code_form = page.locator("form").filter(has=page.locator("input[name=code]"))
    code_form.locator("input[name=code]").fill(totp_code_now(user))
    submit(page, code_form.locator("button[type=submit]:not([form])"))
    assert page.url.endswith(next_url), f"the advisor's login led to {page.url}"


def sourcing_state(need: StaffingNeed) -> str:
    """What the sourcing check's page reads, for a failure's message."""
    need.refresh_from_db()
    computed = list(NeedSourcing.objects.filter(need=need).values_list("computed_at", flat=True))
    requested = need_sourcing_requested_at(need_id=need.pk)
    return f"now {timezone.now()}, need changed {need.updated_at}, check asked {requested}, computed {computed}"


def wave_row(page: Page, section: str, number: int) -> Locator:
    """The cells of a wave's row in the waves table of ``section`` (its first row is number 1)."""
    return page.locator(f"{section} tbody tr").nth(number - 1).locator("th, td")


def create_need_with_waves(page: Page, steps: Steps, world) -> tuple[StaffingNeed, datetime.date]:
    """The five steps of the need's form, up to the review step; returns the draft and its start date."""
    submit(page, f"nav a[href='{reverse('portal:need_create')}']")
    page.locator("#id_title").fill(TITLE)
    pick_suggestion(page, "#id_occupation", "clientele a dist", "#occupation-options")
    assert pick_suggestion(page, "#id_place", world["site"][:6], "#place-options") == world["site"]
    page.locator("#id_headcount").fill(str(sum(WAVES)))
    page.locator("#id_contract_type").select_option("cdi")
    start = timezone.localdate() + datetime.timedelta(days=28)
    page.locator("#id_start_date").fill(start.isoformat())
    submit(page, "button[name=next]")

    # The job description is left blank.
    submit(page, "button[name=next]")

    page.locator("#id_skills-0-skill").fill(world["skill"].label)
    submit(page, "button[name=next]")

    # Step 4: beginners welcome, a POEC that teaches the skill, and the headcount split into three waves a month
    # apart. A new need offers two rows of waves: "Save" keeps the step open with a row more for the third.
    page.locator("#id_accepts_beginners").check()
    page.locator("#id_offers_training").check()
    page.locator("#id_training_kind").select_option(TrainingKind.POEC)
    page.locator("#id_training_weeks").fill("3")
    page.locator("#id_training_skills_0").check()
    dates = [start + datetime.timedelta(days=30 * number) for number in range(len(WAVES))]
    for number, (starts_on, people) in enumerate(zip(dates[:2], WAVES[:2], strict=True)):
        page.locator(f"#id_waves-{number}-starts_on").fill(starts_on.isoformat())
        page.locator(f"#id_waves-{number}-hires_planned").fill(str(people))
    submit(page, "button[name=stay]")
    expect(page.locator("#id_waves-2-starts_on")).to_be_visible()
    page.locator("#id_waves-2-starts_on").fill(dates[2].isoformat())
    page.locator("#id_waves-2-hires_planned").fill(str(WAVES[2]))
    page_check(page, steps, "need-step-3-waves")
    submit(page, "button[name=next]")

    need = StaffingNeed.objects.get(title=TITLE)
    waves = list(need.waves.order_by("starts_on").values_list("starts_on", "hires_planned"))
    assert waves == list(zip(dates, WAVES, strict=True))
    return need, start


def plan_cohort(page: Page, steps: Steps, need: StaffingNeed, start: datetime.date) -> TrainingCohort:
    """The employer plans a POEC cohort of twelve seats, ending before the first wave starts, on the need's page."""
    page.goto(reverse("portal:need_detail", args=[need.pk]))
    cohorts = page.locator("#need-cohorts")
    cohorts.locator("summary").filter(has_text=re.compile("formation|cohort", re.IGNORECASE)).last.click()
    page.locator("#id_cohort-new-kind").select_option(TrainingKind.POEC)
    page.locator("#id_cohort-new-training_body").fill(TRAINING_BODY)
    page.locator("#id_cohort-new-place").fill("Lille, 12 rue Nationale")
    page.locator("#id_cohort-new-starts_on").fill((start - datetime.timedelta(days=24)).isoformat())
    page.locator("#id_cohort-new-ends_on").fill((start - datetime.timedelta(days=4)).isoformat())
    page.locator("#id_cohort-new-capacity").fill("12")
    page.locator("#id_cohort-new-funder").select_option(CohortFunder.FRANCE_TRAVAIL)
    submit(page, f"form[action='{reverse('portal:need_cohort_create', args=[need.pk])}'] button[type=submit]")
    cohort = TrainingCohort.objects.get(need=need)
    assert (cohort.kind, cohort.training_body, cohort.capacity) == (TrainingKind.POEC, TRAINING_BODY, 12)
    expect(page.locator(f"#cohort-{cohort.pk}-title")).to_contain_text(TRAINING_BODY)
    expect(page.locator("#need-cohorts meter")).to_have_attribute("max", "12")
    page_check(page, steps, "cohort-planned")
    return cohort


def test_an_advisor_fills_the_first_wave_of_a_need_through_its_cohort(
    page: Page, steps: Steps, world, running_worker, own_cache
):
    member, advisor = world["member"], world["advisor"]
    log_in(page, email=member.email, next_url=reverse("portal:need_list"))

    need, start = create_need_with_waves(page, steps, world)
    cohort = plan_cohort(page, steps, need, start)

    # Step 5: the review lists the waves, and the sourcing check, computed by the worker, appears in the page.
    page.goto(reverse("portal:need_edit", args=[need.pk, "review"]))
    waves = list(RecruitingWave.objects.filter(need=need).order_by("starts_on"))
    waves_listed = "; ".join(
        f"{date_format(wave.starts_on, 'SHORT_DATE_FORMAT')}: {wave.hires_planned}" for wave in waves
    )
    expect(page.locator("main")).to_contain_text(waves_listed)
    # The need asks for no language: the review says so (the page's language menu once stood in for the list).
    expect(page.locator(f"dt:text-is('{gettext('Languages')}') + dd")).to_have_text("—")
    # Half the people have the skill; the training teaches it to the other half, who are eligible thanks to it.
    sourcing = page.locator("#need-sourcing-check")
    try:
        expect(sourcing.locator(".sourcing-eligible")).to_have_text(str(CANDIDATES), timeout=WORKER_TIMEOUT)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{sourcing_state(need)}\n{running_worker.read_text()[-2000:]}") from None
    expect(sourcing.locator(".sourcing-trained")).to_have_text(str(CANDIDATES // 2))
    expect(page.locator("#need-sourcing-check")).not_to_have_attribute("hx-get", re.compile(".+"))
    page_check(page, steps, "need-step-4-sourcing")
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT

    # Publishing starts the run; the need's page follows it until the worker has finished.
    submit(page, f"form[action='{reverse('portal:need_publish', args=[need.pk])}'] button")
    expect(page.locator("#need-run-progress")).to_have_attribute("value", "100", timeout=WORKER_TIMEOUT)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    first_wave = waves[0]
    proposed = list(
        MatchSuggestion.objects.filter(need=need, is_proposed=True, proposed_wave=first_wave)
        .select_related("candidate")
        .order_by("rank")
    )
    assert len(proposed) >= WAVES[0], running_worker.read_text()[-3000:]
    page_check(page, steps, "need-matched")

    # The cohort trains the first wave's people (no page names it yet: the service a page would call).
    wave_cohort_link(wave=first_wave, cohort=cohort, by=advisor)

    # The advisor's review page: the waves' progress and the suggestions with their reasons.
    page.context.clear_cookies()
    review_url = reverse("staff:need_review", args=[need.pk])
    staff_log_in(page, advisor, next_url=review_url)
    expect(page.locator("#review-waves tbody tr")).to_have_count(len(WAVES))
    for number, wave in enumerate(waves, start=1):
        cells = wave_row(page, "#review-waves", number)
        expect(cells.nth(1)).to_have_text(str(wave.hires_planned))
        expect(cells.nth(4)).to_have_text(
            str(MatchSuggestion.objects.filter(proposed_wave=wave, is_proposed=True).count())
        )
    expect(page.locator(".review-reasons li").first).to_be_visible()
    steps.shot(page, "review-waves")
    axe_check(page, steps, "review-waves")

    # Only those proposed for the first wave, then each of them on the shortlist.
    page.locator("#id_proposed").select_option("on")
    page.locator("#id_wave").select_option(str(first_wave.pk))
    submit(page, page.locator(".review-filters button[type=submit]"))
    expect(page.locator("tr.review-suggestion")).to_have_count(len(proposed))
    steps.shot(page, "review-first-wave-proposed")
    for suggestion in proposed:
        shortlist = reverse("staff:need_review_shortlist", args=[need.pk, suggestion.candidate_id])
        submit(page, f"button[formaction^='{shortlist}']")
    presentations = list(Presentation.objects.filter(need=need).order_by("pk"))
    assert [p.wave_id for p in presentations] == [first_wave.pk] * len(proposed)

    # Each one called: interested. Then all of them ticked and presented to the employer.
    for presentation in presentations:
        answer = page.locator(
            f"form[action^='{reverse('staff:need_review_answer', args=[need.pk, presentation.pk])}']"
        )
        answer.locator("select[name$='-answer']").select_option("interested")
        submit(page, answer.locator("button[type=submit]"))
    for presentation in presentations:
        page.locator(f"#present-{presentation.pk}").check()
    submit(page, "button[form=review-present-form]")
    assert set(Presentation.objects.filter(need=need).values_list("status", flat=True)) == {
        PresentationStatus.PRESENTED
    }
    expect(wave_row(page, "#review-waves", 1).nth(5)).to_have_text(str(len(proposed)))
    steps.shot(page, "review-presented")

    # The first wave's people enter the cohort, which starts; each completes it, which records the hire.
    enrol_url = reverse("staff:need_review_cohort_enrol", args=[need.pk, cohort.pk])
    trainees = presentations[: WAVES[0]]
    for presentation in trainees:
        form = page.locator(f"form[action='{enrol_url}']")
        form.locator("select").select_option(str(presentation.pk))
        submit(page, form.locator("button[type=submit]"))
    expect(page.locator(f"#cohort-{cohort.pk}-title ~ dl meter")).to_have_attribute("value", str(WAVES[0]))
    status_url = reverse("staff:need_review_cohort_status", args=[need.pk, cohort.pk])
    submit(page, f"form[action='{status_url}']:has(input[value={CohortStatus.RUNNING}]) button")
    for enrolment in cohort.enrolments.order_by("pk"):
        complete = reverse("staff:need_review_trainee_complete", args=[need.pk, cohort.pk, enrolment.pk])
        submit(page, f"form[action='{complete}'] button")
    hired = Presentation.objects.filter(need=need, status=PresentationStatus.HIRED)
    assert sorted(hired.values_list("pk", flat=True)) == sorted(p.pk for p in trainees)
    assert set(hired.values_list("hire_starts_on", flat=True)) == {first_wave.starts_on}

    # Wave 1 is filled on the review page: hired equals its headcount.
    first_wave.refresh_from_db()
    assert first_wave.status == WaveStatus.FILLED
    cells = wave_row(page, "#review-waves", 1)
    expect(cells.nth(2)).to_have_text(str(WaveStatus.FILLED.label))
    expect(cells.nth(3)).to_have_text("0")
    expect(cells.nth(7)).to_have_text(re.compile(rf"^\s*{WAVES[0]}\s*/\s*{WAVES[0]}\s*$"))
    expect(wave_row(page, "#review-waves", 2).nth(2)).to_have_text(str(WaveStatus.OPEN.label))
    expect(page.locator(f"#cohort-{cohort.pk}-title ~ dl meter")).to_have_attribute("value", str(WAVES[0]))
    steps.shot(page, "review-first-wave-filled")
    axe_check(page, steps, "review-first-wave-filled")

    # The employer's page: the first wave filled, the others open, and the cohort's gauge with its seats.
    page.context.clear_cookies()
    log_in(page, email=member.email, next_url=reverse("portal:need_detail", args=[need.pk]))
    cells = page.locator("tr.portal-wave").first.locator("th, td")
    expect(page.locator("tr.portal-wave")).to_have_count(len(WAVES))
    expect(cells.nth(1)).to_have_text(str(WAVES[0]))
    expect(cells.nth(2)).to_have_text(str(WaveStatus.FILLED.label))
    expect(cells.nth(7)).to_have_text(str(WAVES[0]))
    expect(page.locator("tr.portal-wave").nth(1).locator("td").nth(1)).to_have_text(str(WaveStatus.OPEN.label))
    gauge = page.locator(f"#cohort-{cohort.pk}-title ~ dl meter")
    expect(gauge).to_have_attribute("value", str(WAVES[0]))
    expect(gauge).to_have_attribute("max", "12")
    expect(gauge.locator("xpath=..")).to_contain_text(f"{WAVES[0]}")
    expect(page.locator(".portal-count-hired")).to_have_text(re.compile(rf"{WAVES[0]}\s*/\s*{sum(WAVES)}"))
    page_check(page, steps, "need-first-wave-filled")
