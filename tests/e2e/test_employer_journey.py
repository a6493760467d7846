"""An employer's whole journey in a real browser: from a new need to a recorded hire.

The employer logs in, states a need through the four steps of the form (choosing the occupation, the site and a
skill from the typing suggestions), publishes it, watches the progress bar of the run that a real Celery worker
computes, reviews the pseudonymised candidates the advisor presents, asks for an interview, sees the name once the
candidate has accepted, proposes a slot, confirms it and records the hire. The advisor's side (shortlisting,
presenting, recording the candidate's acceptance) goes through the same services as the staff pages.

The journey runs twice: on a small world built with factories, and on the demo data set (``seed_demo``) with a
demo employer's login. Each step is checked by axe at desktop and phone widths and kept as a screenshot in
var/test-artefacts/e2e/.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.models import CandidateSkill
from demo.seeding.services import demo_seed
from employers.enums import NeedStatus
from employers.models import NeedSkill, Site, StaffingNeed
from employers.need_forms import site_option
from matching.enums import CandidateAnswer, PresentationStatus
from matching.models import MatchSuggestion, Presentation
from matching.services.employer_answers import presentation_interview_accept
from matching.services.presentations import (
    presentation_answer_record,
    presentation_present,
    presentation_shortlist,
)
from referentials.models import Skill
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory
from tests.candidates.demo_referentials import demo_referentials_create
from tests.candidates.factories import CandidateFactory
from tests.e2e.browser import Steps, log_in, page_check
from tests.employers.factories import EmployerFactory, SiteFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT = 90_000  # milliseconds: the worker process starts, then computes the run in well under a second
TITLE = "Téléconseiller·ère service client"
SURNAMES = ["Dufour-Marker", "Lemaire-Marker", "Benali-Marker", "Nowak-Marker"]


def factories_world(platform, advisor):
    communes = hauts_de_france_communes()
    occupation = OccupationFactory()
    phone = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    employer = EmployerFactory(platform=platform, legal_name="Centre de contacts du Nord")
    SiteFactory(employer=employer, name="Plateau Euralille", commune=communes["Lille"])
    member = UserFactory(email="recrutement@centre-contacts.example")
    MembershipFactory(user=member, role="employer_member", employer=employer, platform=None)
    for surname, commune in zip(SURNAMES, ["Lille", "Roubaix", "Tourcoing", "Lille"], strict=True):
        candidate = CandidateFactory(
            presentable=True,
            platform=platform,
            advisor=advisor,
            commune=communes[commune],
            last_name=surname,
            experience_years=3,
        )
        candidate.desired_occupations.set([occupation])
        CandidateSkill.objects.create(candidate=candidate, skill=phone)
    return {
        "member": member,
        "password": PASSWORD,
        "advisor": advisor,
        "site": "Plateau Euralille — Lille",
        "skill": phone,
        "surnames": SURNAMES,
    }


def demo_world():
    """The demo data set, small: a demo contact-centre employer's login and an advisor of its platform."""
    demo_referentials_create()
    demo_seed(candidates=400, employers=12, seed=7, password=PASSWORD)
    member = (
        Membership.objects.filter(role=MembershipRole.EMPLOYER_MEMBER, employer__naf_code="82.20Z")
        .select_related("user", "employer")
        .order_by("employer__legal_name")
        .first()
    )
    site = Site.objects.filter(employer=member.employer).select_related("commune").order_by("name").first()
    advisor = (
        Membership.objects.filter(role=MembershipRole.ADVISOR, platform=member.employer.platform)
        .select_related("user")
        .first()
        .user
    )
    return {
        "member": member.user,
        "password": PASSWORD,
        "advisor": advisor,
        "site": site_option(site),
        "skill": Skill.objects.get(slug="accueil-telephonique"),
        "surnames": [],
    }


@pytest.fixture(params=["factories", "demo"])
def world(request, platform, advisor):
    return factories_world(platform, advisor) if request.param == "factories" else demo_world()


def pick_suggestion(page: Page, field: str, typed: str, datalist: str) -> str:
    """Type into a field as a person would, wait for the suggestions, and choose the first one."""
    page.locator(field).press_sequentially(typed, delay=30)
    option = page.locator(f"{datalist} option").first
    expect(option).to_be_attached(timeout=10_000)
    value = option.get_attribute("value")
    page.locator(field).fill(value)
    return value


def submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def present_two_candidates(need: StaffingNeed, advisor) -> list[Presentation]:
    """The advisor's work between matching and the employer: shortlist, call each person, present them."""
    presentations = []
    for suggestion in MatchSuggestion.objects.filter(need=need).select_related("candidate").order_by("rank")[:2]:
        presentation = presentation_shortlist(need=need, candidate=suggestion.candidate, by=advisor)
        presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=advisor)
        presentations.append(presentation)
    return presentation_present(presentations=presentations, by=advisor)


def test_an_employer_goes_from_a_new_need_to_a_recorded_hire(page: Page, steps: Steps, world, running_worker):
    member, advisor = world["member"], world["advisor"]

    log_in(page, email=member.email, password=world["password"], next_url=reverse("portal:need_list"))
    page_check(page, steps, "needs")

    # Step 1: the job, with the occupation and the site chosen from the suggestions.
    submit(page, f"nav a[href='{reverse('portal:need_create')}']")
    page.locator("#id_title").fill(TITLE)
    occupation = pick_suggestion(page, "#id_occupation", "clientele a dist", "#occupation-options")
    assert occupation == "Conseiller / Conseillère clientèle à distance (D1408)"
    place = pick_suggestion(page, "#id_place", world["site"][:6], "#place-options")
    assert place == world["site"]
    page.locator("#id_headcount").fill("2")
    page.locator("#id_contract_type").select_option("cdi")
    start = timezone.localdate() + datetime.timedelta(days=21)
    page.locator("#id_start_date").fill(start.isoformat())
    page_check(page, steps, "need-step-1-job")
    submit(page, "button[name=next]")

    # Step 2: the job description, as candidates will read it.
    page.locator("#id_job_summary").fill("Répondre aux appels des clients d'un fournisseur d'énergie.")
    page_check(page, steps, "need-step-2-description")
    submit(page, "button[name=next]")

    # Step 3: a must-have skill, typed and chosen from the vocabulary.
    expect(page.locator("#id_skills-0-skill")).to_be_visible()
    page.locator("#id_skills-0-skill").fill(world["skill"].label)
    page_check(page, steps, "need-step-3-skills")
    submit(page, "button[name=next]")

    # Step 4: beginners welcome.
    page.locator("#id_accepts_beginners").check()
    page_check(page, steps, "need-step-4-training")
    submit(page, "button[name=next]")

    # Step 5: review, then publish.
    expect(page.locator("main")).to_contain_text(world["skill"].label)
    page_check(page, steps, "need-step-5-review")
    need = StaffingNeed.objects.get(title=TITLE)
    assert need.status == NeedStatus.DRAFT
    assert list(NeedSkill.objects.filter(need=need).values_list("skill", flat=True)) == [world["skill"].pk]
    submit(page, f"form[action='{reverse('portal:need_publish', args=[need.pk])}'] button")

    # The need's page follows the run: htmx polls the progress fragment until the worker has finished.
    assert page.url.endswith(reverse("portal:need_detail", args=[need.pk]))
    steps.shot(page, "need-published")
    expect(page.locator("#need-run-progress")).to_have_attribute("value", "100", timeout=WORKER_TIMEOUT)
    expect(page.locator("#need-progress")).not_to_have_attribute("hx-get", re.compile(".+"))
    suggested = MatchSuggestion.objects.filter(need=need).count()
    assert suggested >= 2
    expect(page.locator(".portal-count-suggested")).to_have_text(str(suggested))
    page_check(page, steps, "need-matched")
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN

    # The advisor presents the two best candidates; the employer sees pseudonyms, no name.
    presented = present_two_candidates(need, advisor)
    page.reload()
    profiles = page.locator(".portal-profile")
    expect(profiles).to_have_count(2)
    expect(page.locator(".portal-count-presented")).to_have_text("2")
    text = page.locator("main").inner_text()
    assert not any(presentation.candidate.last_name in text for presentation in presented)
    assert not any(surname in text for surname in world["surnames"])
    page_check(page, steps, "candidates-presented")

    # The employer asks to meet the first one.
    first = presented[0]
    submit(page, f"a[href='{reverse('portal:presentation_detail', args=[first.pk])}']")
    assert first.candidate.last_name not in page.locator("main").inner_text()
    page_check(page, steps, "presentation-pseudonymised")
    submit(page, f"form[action='{reverse('portal:presentation_interview_request', args=[first.pk])}'] button")
    first.refresh_from_db()
    assert first.status == PresentationStatus.INTERVIEW_REQUESTED
    steps.shot(page, "interview-requested")

    # The advisor calls the candidate, who accepts: the employer now sees the name and contact details.
    presentation_interview_accept(presentation=first, by=advisor)
    page.reload()
    expect(page.locator("main")).to_contain_text(first.candidate.last_name)
    expect(page.locator("main")).to_contain_text(first.candidate.email)
    page_check(page, steps, "identity-revealed")

    # A slot is proposed, then the one agreed with the candidate is confirmed.
    interview_at = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=10, minute=30, second=0)
    page.locator("#id_slots-starts_at_1").fill(interview_at.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_slots-place_1").fill("Plateau Euralille, 2e étage")
    submit(page, f"form[action='{reverse('portal:presentation_slots_propose', args=[first.pk])}'] button")
    page_check(page, steps, "slot-proposed")
    page.locator("input[name='confirm-slot']").first.check()
    submit(page, f"form[action='{reverse('portal:presentation_slot_confirm', args=[first.pk])}'] button")
    first.refresh_from_db()
    assert first.status == PresentationStatus.INTERVIEW_SCHEDULED
    assert timezone.localtime(first.interview_at).strftime("%H:%M") == "10:30"
    page_check(page, steps, "interview-scheduled")

    # The hire: a permanent contract starting on the need's start date.
    page.locator("#id_hire-contract_type").select_option("cdi")
    page.locator("#id_hire-starts_on").fill(start.isoformat())
    submit(page, f"form[action='{reverse('portal:presentation_hire', args=[first.pk])}'] button")
    first.refresh_from_db()
    need.refresh_from_db()
    assert first.status == PresentationStatus.HIRED
    assert (first.contract_type, first.hire_starts_on) == ("cdi", start)
    assert need.hires_count == 1
    page_check(page, steps, "hired")

    page.goto(reverse("portal:need_detail", args=[need.pk]))
    expect(page.locator(".portal-count-hired")).to_have_text(re.compile(r"1\s*/\s*2"))
    page_check(page, steps, "need-after-hire")
