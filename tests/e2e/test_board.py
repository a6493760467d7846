"""A need's review board in a real browser, under the content security policy: rows ticked with the keyboard through
"select all on this page", one action on all of them swapped in place by htmx (no page load, the focus and the
scroll kept), its result in the live region, and axe finding no serious violation.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.e2e.browser import Steps, axe_check
from tests.e2e.test_staff_pages_csp import staff_log_in
from tests.matching.board_world import board_world_build

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_many_rows_are_shortlisted_at_once_from_the_keyboard(page: Page, steps: Steps):
    platform = PlatformFactory()
    advisor = AdvisorFactory(memberships__platform=platform)
    world = board_world_build(platform=platform, presentations=16, suggested=6, headcount=40)
    staff_log_in(page, advisor)
    board = reverse("staff:need_board", args=[world.need.pk]) + "?state=suggested"
    page.goto(board)
    expect(page.locator("#board-region .board-row-tick")).to_have_count(6)
    axe_check(page, steps, "board")
    steps.shot(page, "board")

    select_all = page.locator("#board-select-page")
    expect(select_all).to_be_visible()
    select_all.focus()
    page.keyboard.press("Space")
    expect(page.locator("#board-region .board-row-tick:checked")).to_have_count(6)

    page.mouse.wheel(0, 120)
    scrolled = page.evaluate("() => window.scrollY")
    button = page.locator("button[name=action][value=shortlist]")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_contain_text("6 présélectionnés")
    expect(page.locator("#board-region .board-row-tick")).to_have_count(0)
    expect(page.locator(".board-states a[aria-current=page] .board-count")).to_have_text("0")
    assert page.url.endswith(board), "the action loaded another page"
    assert page.evaluate("() => document.activeElement.value") == "shortlist"
    assert page.evaluate("() => window.scrollY") == scrolled
    axe_check(page, steps, "board-after-action")
    steps.shot(page, "after the action")
    assert world.need.presentations.count() == 16 + 6
