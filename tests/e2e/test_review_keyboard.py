"""A need's review page used from the keyboard: after an action, the focus is back on the row acted on, not at the
top of the page (staff/review/review_page.py sends the page back at the row, staff/static/staff/review/row_focus.js
focuses it), so that the next Tab goes on from there.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.e2e.browser import Steps, session_open
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        row: element.closest("tr")?.id ?? "",
        text: element.textContent.trim().slice(0, 60),
        scrolled: window.scrollY,
    };
}"""


@pytest.fixture
def review(page: Page, live_server):
    """An open need with ten suggested candidates (so that the page is long) and one presented candidate; its
    advisor's browser is logged in."""
    platform = PlatformFactory()
    advisor = AdvisorFactory(memberships__platform=platform)
    need = StaffingNeedFactory(employer=EmployerFactory(platform=platform), open=True)
    run = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version="test", status=RunStatus.SUCCEEDED)
    suggestions = [
        MatchSuggestion.objects.create(
            need=need,
            candidate=CandidateFactory(presentable=True, platform=platform),
            run=run,
            rank=rank,
            score=8000 - rank,
            distance_km=5.0,
            scoring_version="test",
            parts={"skills": 4000, "occupation": 2000, "commute": 1000, "availability": 1000},
        )
        for rank in range(1, 11)
    ]
    presented = presentation_in(
        PresentationStatus.PRESENTED, need=need, candidate=CandidateFactory(presentable=True, platform=platform)
    )
    session_open(page.context, user=advisor, url=live_server.url)
    return need, suggestions, presented


def press_enter_on(page: Page, button) -> None:
    """Reach the button as the keyboard would land on it, and press Enter: the form posts and the page comes back."""
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_the_focus_comes_back_to_the_suggestion_shortlisted(page: Page, steps: Steps, review):
    need, suggestions, _presented = review
    page.goto(reverse("staff:need_review", args=[need.pk]))
    row = page.locator(f"#suggestion-{suggestions[7].pk}")
    press_enter_on(page, row.get_by_role("button", name=re.compile("^Présélectionner")))
    steps.shot(page, "shortlisted")

    expect(page.locator(".messagelist")).to_contain_text(f"n° {suggestions[7].candidate_id} ")
    assert page.url.endswith(f"#suggestion-{suggestions[7].pk}")
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["id"]) == ("tr", f"suggestion-{suggestions[7].pk}"), focused
    assert focused["scrolled"] > 0, f"the page stayed at its top: {focused}"
    # The next Tab goes on inside the row, to its first link (the candidate's profile).
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["row"]) == ("a", f"suggestion-{suggestions[7].pk}"), focused


def test_the_focus_comes_back_to_the_presentation_moved_on(page: Page, steps: Steps, review):
    need, _suggestions, presented = review
    page.goto(reverse("staff:need_review", args=[need.pk]))
    row = page.locator(f"#presentation-{presented.pk}")
    press_enter_on(page, row.get_by_role("button", name="Entretien demandé"))
    steps.shot(page, "interview-requested")

    assert Presentation.objects.get(pk=presented.pk).status == PresentationStatus.INTERVIEW_REQUESTED
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["id"]) == ("tr", f"presentation-{presented.pk}"), focused
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["row"] == f"presentation-{presented.pk}"
