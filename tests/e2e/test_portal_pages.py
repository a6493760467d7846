"""The portal's pages in a real browser: no serious accessibility fault, usable at a phone's width and by keyboard.

Each page is checked by axe (WCAG 2.1 A and AA) at desktop and phone widths, must not scroll sideways at 375 px,
and, for the portal's own pages, offers a skip link as the first Tab stop. Screenshots and axe's reports are kept
in var/test-artefacts/e2e/<test name>/.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.services.needs import need_publish
from portal.pseudonyms import candidate_pseudonym
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.e2e.browser import PageWatch, Steps, axe_check, log_in, origin_of, page_check, responsive_check
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A worker process needs a few seconds to start; the engine then runs in well under a second for one need.
WORKER_TIMEOUT = 60


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def world():
    """An open need with a finished matching run and two presented candidates, and a member of its employer."""
    need = StaffingNeedFactory(open=True, title="Téléconseiller entrant")
    MatchRun.objects.create(
        scope=RunScope.NEED,
        need=need,
        status=RunStatus.SUCCEEDED,
        scoring_version="test",
        progress_done=1,
        progress_total=1,
    )
    candidates = []
    for rank, status in enumerate((PresentationStatus.PRESENTED, PresentationStatus.INTERVIEW_SCHEDULED), start=1):
        candidate = CandidateFactory(presentable=True, platform=need.employer.platform)
        MatchSuggestion.objects.create(
            need=need,
            candidate=candidate,
            rank=rank,
            score=8000 - rank * 500,
            parts={"skills": 4000, "occupation": 2000, "commute": 1000, "availability": 1000 - rank * 500},
            distance_km=4.0 * rank,
            scoring_version="test",
        )
        presentation_in(status, need=need, candidate=candidate)
        candidates.append(candidate)
    return SimpleNamespace(need=need, candidates=candidates, member=member_of(need.employer))


def test_login_page(page: Page, steps: Steps):
    page.goto(reverse("account_login"))
    expect(page.locator("input[name=login]")).to_be_visible()
    steps.shot(page, "login")
    axe_check(page, steps, "login")
    responsive_check(page, steps, "login")


def test_need_list(page: Page, steps: Steps, world):
    log_in(page, email=world.member.email, next_url=reverse("portal:need_list"))
    expect(page.get_by_role("link", name=world.need.title)).to_be_visible()
    page_check(page, steps, "need-list")


def test_need_detail_with_presented_candidates(page: Page, steps: Steps, world):
    need = world.need
    log_in(page, email=world.member.email, next_url=reverse("portal:need_detail", args=[need.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(need.title)
    expect(page.locator("#need-run-progress")).to_have_attribute("value", "100")
    profiles = page.locator(".portal-profile")
    expect(profiles).to_have_count(2)
    first = candidate_pseudonym(employer_id=need.employer_id, candidate_id=world.candidates[0].pk)
    expect(profiles.first.get_by_role("heading")).to_have_text(first)
    page_check(page, steps, "need-detail")


@pytest.mark.worker
def test_worker_runs_the_matching_of_a_need_published_during_a_browser_test(page: Page, steps: Steps, running_worker):
    """A need published while the browser shows its page: the worker computes it, the progress bar fills.

    The test waits through the page (expect), not with time.sleep: Playwright handles the page's requests,
    including the progress polls, only while the test is inside one of its calls.
    """
    need = StaffingNeedFactory(title="Conseiller clientèle à distance")
    member = member_of(need.employer)
    log_in(page, email=member.email, next_url=reverse("portal:need_detail", args=[need.pk]))
    steps.shot(page, "draft")

    need_publish(need=need, by=member)
    page.reload()
    steps.shot(page, "published")

    # The progress fragment polls until the run has finished, whether it succeeded or failed (it may already have).
    progress = page.locator("#need-progress")
    try:
        expect(progress).not_to_have_attribute("hx-trigger", re.compile(".*"), timeout=WORKER_TIMEOUT * 1000)
    except AssertionError as error:
        raise AssertionError(f"{error}\nworker log:\n{running_worker.read_text()}") from None
    run = MatchRun.objects.get(need=need)
    assert run.status == RunStatus.SUCCEEDED, f"{run.error}\nworker log:\n{running_worker.read_text()}"
    expect(page.locator("#need-run-progress")).to_have_attribute("value", "100")
    steps.shot(page, "matched")


def test_the_watch_blocks_and_reports_what_a_page_fetches_from_elsewhere(browser, live_server):
    """The proof behind "no CDN": a request to another host never leaves the browser, and is reported."""
    # The content security policy would stop the fetch first: bypass it to prove the watch itself.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    watch = PageWatch(origin=origin_of(live_server.url))
    watch.attach(context)
    page = context.new_page()
    page.goto(reverse("account_login"))
    page.evaluate("() => fetch('https://cdn.example.com/library.js').catch(() => null)")
    page.evaluate("() => { setTimeout(() => { throw new Error('uncaught in a timer'); }); }")
    page.wait_for_timeout(200)
    context.close()
    assert watch.offsite_requests == ["GET https://cdn.example.com/library.js"]
    assert any("uncaught in a timer" in error for error in watch.page_errors), watch.problems()
    assert "Requests to another host than the live server (blocked)" in watch.problems()
