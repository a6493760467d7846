"""The to-do page in a real browser: an advisor lands on it after logging in, reads each section's items, and axe
finds no serious violation on it (nor on the page with the platform's items)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.browser import Steps, axe_check
from tests.e2e.test_staff_pages_csp import staff_log_in
from tests.staff.todo.todo_world import todo_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_advisor_lands_on_the_to_do_page_and_axe_finds_nothing_serious(page: Page, steps: Steps):
    world = todo_world(prefix="A")
    staff_log_in(page, world.advisor)
    expect(page).to_have_url(f"{page.url.split('/staff/')[0]}{reverse('staff:todo')}")
    # One heading per section of the to-do page (matching.todo_selectors).
    expect(page.locator("main h2, #content h2")).to_have_count(11)
    expect(page.locator(".todo-header-link")).to_contain_text("8")
    for candidate in world.people.values():
        expect(page.get_by_text(candidate.last_name, exact=False).first).to_be_visible()
    axe_check(page, steps, "to-do")
    steps.shot(page, "to-do")
    page.get_by_role("link", name="Ceux de la plateforme").click()
    expect(page.get_by_text("Ceux de la plateforme", exact=True)).to_have_attribute("aria-current", "page")
    axe_check(page, steps, "to-do-platform")
