"""Every staff page in a real browser, checked by axe (WCAG 2.1 A and AA) at 1280 px and 375 px.

The pages are generated (``tests/staff_pages.py``): every staff and admin URL pattern that a staff role opens by
GET, with the access tests' world for its arguments, opened as the least privileged role that reaches it. The world
is built once; the pages are shared among a few browsers running side by side, each in its own thread with its own
Playwright (its API is not thread-safe) and one logged-in context per role, so that the whole tour takes a couple of
minutes. Any serious or critical violation fails the test, with every page's violations listed; axe's reports of
the failing pages are kept in var/test-artefacts/e2e/<test name>/.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, sync_playwright

from matching.reporting.facts import report_facts_refresh
from tests.access_world import build_access_world
from tests.e2e.browser import (
    AXE_SOURCE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    LOCALE,
    PHONE,
    PageWatch,
    Steps,
    axe_blocking_violations,
    axe_report,
    axe_run,
    origin_of,
)
from tests.e2e.conftest import TIMEOUT_MS
from tests.staff_pages import staff_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# Browsers side by side: each page's axe run is mostly one renderer's work, on one core.
BROWSERS = max(2, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Visit:
    key: str
    role: str
    url: str


@dataclass
class Tour:
    """What one browser found: the problems of its pages, axe's results to keep, what its pages did besides."""

    watch: PageWatch
    problems: list[str] = field(default_factory=list)
    reports: list[tuple[str, dict]] = field(default_factory=list)


def visit_check(page: Page, visit: Visit, tour: Tour) -> None:
    """Open the page and run axe at each width; what is wrong goes to ``tour``."""
    response = page.goto(visit.url)
    if response is None or response.status != 200:
        status = response.status if response else "nothing"
        tour.problems.append(f"{visit.key}: GET {visit.url} as {visit.role} answered {status}")
        return
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/html"):
        tour.problems.append(
            f"{visit.key}: {visit.url} is {content_type}: name it in NOT_CHECKED (tests/staff_pages.py)"
        )
        return
    for width_name, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        results = axe_run(page)
        blocking = axe_blocking_violations(results)
        if blocking:
            name = f"{visit.key}-{width_name}-axe"
            tour.reports.append((name, results))
            where = f"{visit.key} as {visit.role} at {viewport['width']} px ({visit.url}, {name})"
            tour.problems.append(f"{where}:\n{axe_report(blocking)}")
    page.set_viewport_size(DESKTOP)


def tour_run(visits: list[Visit], *, sessions: dict[str, str], base_url: str) -> Tour:
    """In its own thread: its own Playwright and Chromium, one context per role logged in with ``sessions``' cookie,
    and axe in every document before its own scripts run (through the DevTools protocol, not under the CSP)."""
    tour = Tour(watch=PageWatch(origin=origin_of(base_url)))
    axe_source = AXE_SOURCE.read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages: dict[str, Page] = {}
        for visit in visits:
            if visit.role not in pages:
                context = browser.new_context(viewport=DESKTOP, locale=LOCALE, base_url=base_url)
                context.set_default_timeout(TIMEOUT_MS)
                context.add_init_script(axe_source)
                cookie = {"name": settings.SESSION_COOKIE_NAME, "value": sessions[visit.role], "url": base_url}
                context.add_cookies([cookie])
                tour.watch.attach(context)
                pages[visit.role] = context.new_page()
            visit_check(pages[visit.role], visit, tour)
        browser.close()
    return tour


def session_cookie(user) -> str:
    """A session opened for ``user`` (staff have a TOTP authenticator, which is all the staff pages ask of a
    session: ``accounts.mfa.StaffTwoFactorMiddleware``)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_every_staff_page_has_no_serious_accessibility_violation(
    chromium, live_server, steps: Steps, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    world = build_access_world()
    report_facts_refresh()  # the territorial reports with their tables, as the hourly task leaves them
    # Everything that reads or writes the database is done here, before the browsers' threads start.
    visits = [Visit(page.key, page.role, page.url(world)) for page in staff_pages()]
    sessions = {role: session_cookie(world.users[role]) for role in {visit.role for visit in visits}}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=BROWSERS) as pool:
        tours = list(
            pool.map(
                lambda share: tour_run(share, sessions=sessions, base_url=live_server.url),
                [visits[index::BROWSERS] for index in range(BROWSERS)],
            )
        )
    elapsed = time.monotonic() - started
    problems = [problem for tour in tours for problem in tour.problems]
    for tour in tours:
        for name, results in tour.reports:
            steps.save_json(name, results)
    assert not problems, (
        f"{len(problems)} failures on {len(visits)} pages ({elapsed:.0f} s, {BROWSERS} browsers):\n"
        + "\n".join(problems)
    )
    misbehaved = "\n".join(tour.watch.problems() for tour in tours if tour.watch.problems())
    assert not misbehaved, f"The staff pages misbehaved:\n{misbehaved}"
    print(f"{len(visits)} staff pages checked at {len(WIDTHS)} widths in {elapsed:.0f} s with {BROWSERS} browsers")
