"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser serves every test of this folder; each test gets a fresh context and page (1280×900, French), watched
for requests leaving the live server, console and page errors and server errors: any of them fails the test at
teardown. A test that fails leaves a screenshot of where it stopped among its artefacts.

Playwright's sync API keeps an asyncio loop marked as running in the test thread while the browser is up, which
makes Django refuse database calls from that thread (SynchronousOnlyOperation). The database calls of these tests
run one at a time in the test thread, never inside the loop, so DJANGO_ALLOW_ASYNC_UNSAFE is set for as long as
the browser runs, and only then: the browser is stopped after the last test of this folder.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LOCALE, PageWatch, Steps, chromium_install, origin_of
from tests.worker_processes import celery_worker, worker_environment

# How long Playwright waits for an element, a navigation or an expect(): a test that waits for a worker says so.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the test, so that the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing and running as root; the test fails otherwise."""
    problem = chromium_install()
    if problem:
        pytest.fail(problem, pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium: Path) -> Iterator[Browser]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def steps(request: pytest.FixtureRequest) -> Steps:
    """Numbered screenshots and reports of this test, in var/test-artefacts/e2e/<test name>/."""
    return Steps(request.node.name)


@pytest.fixture
def page_watch(live_server) -> PageWatch:
    """What the test's pages did besides what it asked; a test that opens an error page on purpose may forget it."""
    return PageWatch(origin=origin_of(live_server.url))


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server, steps: Steps, page_watch: PageWatch
) -> Iterator[Page]:
    """A page in a fresh context whose relative URLs go to the live server; checked for stray behaviour at the end."""
    context = browser.new_context(viewport=DESKTOP, locale=LOCALE, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page_watch.attach(context)
    page = context.new_page()
    yield page
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        steps.shot(page, "failure")
    context.close()
    problems = page_watch.problems()
    if problems:
        pytest.fail(f"The pages of {request.node.name} misbehaved:\n{problems}", pytrace=False)


@pytest.fixture
def running_worker(live_server, tmp_path: Path) -> Iterator[Path]:
    """A real Celery worker process for this test, on the live server's test database and this run's queue.

    Yields the worker's log file, to show in assertion messages. Tasks queued after commit by the test or by the
    live server reach it through the broker.
    """
    log = tmp_path / "worker.log"
    # The worker needs none of the browser's allowance for database calls inside an event loop.
    with celery_worker(environment=worker_environment(DJANGO_ALLOW_ASYNC_UNSAFE=""), log_path=log):
        yield log
