"""Helpers for the browser tests: Debian's Chromium, a watch on what a page does, screenshots, axe and logging in.

Every helper takes a Playwright ``Page`` (sync API) and works on any page of the portal, so a long journey test
can call them step after step::

    log_in(page, email=user.email, next_url=reverse("portal:need_list"))
    steps.shot(page, "needs")
    page_check(page, steps, "needs")  # axe at desktop and phone widths, no horizontal scroll, the skip link

Artefacts (full-page PNG screenshots and axe's JSON reports) go to ``var/test-artefacts/e2e/<test name>/``,
numbered in the order they were taken.
"""

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import axe_playwright_python
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, Route

from tests.accounts.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
APT_ENVIRONMENT = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
ARTEFACTS_DIR = Path(settings.BASE_DIR) / "var" / "test-artefacts" / "e2e"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
LOCALE = "fr-FR"

AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


# Chromium


def chromium_install() -> str:
    """Install Debian's ``chromium`` package when /usr/bin/chromium is missing; return what went wrong, or "".

    Only root may install it; ``apt-get update`` is run only when the first attempt fails (stale package lists).
    """
    if CHROMIUM.exists():
        return ""
    if os.geteuid() != 0:
        return f"{CHROMIUM} is missing and the tests do not run as root: install it with `apt-get install chromium`."
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    attempts = [[install], [["apt-get", "update", "-q"], install]]
    output = ""
    for commands in attempts:
        for command in commands:
            done = subprocess.run(
                command, env=APT_ENVIRONMENT, capture_output=True, text=True, timeout=900, check=False
            )
            output = done.stdout[-2000:] + done.stderr[-2000:]
            if done.returncode != 0:
                break
        if CHROMIUM.exists():
            return ""
    return f"{CHROMIUM} is missing and `apt-get install -y chromium` did not install it:\n{output}"


# What a page does besides what the test asks


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PageWatch:
    """Records, for every page of a browser context, what must never happen during a test.

    Requests to any other origin than the live server's are blocked (so a CDN or any outside asset shows up
    here instead of loading); console errors, uncaught page errors and responses of 500 and above are kept.
    """

    origin: str
    offsite_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("response", self._response)

    def _route(self, route: Route, request: Request) -> None:
        if origin_of(request.url) == self.origin:
            route.continue_()
        else:
            self.offsite_requests.append(f"{request.method} {request.url}")
            route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            self.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def forget_console_errors(self, containing: str) -> int:
        """Drop the console errors that contain ``containing`` (say "status of 404" after opening a 404 on purpose).

        Returns how many were dropped, for the test to assert on.
        """
        kept = [error for error in self.console_errors if containing not in error]
        dropped = len(self.console_errors) - len(kept)
        self.console_errors[:] = kept
        return dropped

    def problems(self) -> str:
        """A readable list of everything recorded, or "" when the pages behaved."""
        sections = [
            ("Requests to another host than the live server (blocked)", self.offsite_requests),
            ("Console errors", self.console_errors),
            ("Uncaught page errors", self.page_errors),
            ("Server errors", self.server_errors),
        ]
        return "\n".join(
            f"{title}:\n" + "\n".join(f"  - {item}" for item in items) for title, items in sections if items
        )


# Screenshots and other artefacts


class Steps:
    """Numbered artefacts of one test in ``var/test-artefacts/e2e/<test name>/`` (emptied when the test starts)."""

    def __init__(self, test_name: str) -> None:
        self.directory = ARTEFACTS_DIR / re.sub(r"[^\w.-]+", "_", test_name).strip("_")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self.count = 0

    def path(self, name: str, suffix: str) -> Path:
        """The next numbered path: ``<NN>-<name><suffix>``."""
        self.count += 1
        return self.directory / f"{self.count:02d}-{re.sub(r'[^\w.-]+', '-', name)}{suffix}"

    def shot(self, page: Page, name: str) -> Path:
        """A full-page screenshot of the page as it is now."""
        path = self.path(name, ".png")
        page.screenshot(path=path, full_page=True, animations="disabled")
        return path

    def save_json(self, name: str, data: object) -> Path:
        path = self.path(name, ".json")
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
        return path


# Accessibility


def axe_run(page: Page) -> dict:
    """axe's results for the page as it is now (WCAG 2.0 and 2.1, levels A and AA).

    axe is evaluated through the DevTools protocol rather than added as a <script> element: an inline script
    would be refused by a Content Security Policy, and the tests must not loosen the one the site sends.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text())
    return page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )


def axe_blocking_violations(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v.get("impact") in AXE_BLOCKING_IMPACTS]


def axe_report(violations: list[dict], *, limit: int = 3) -> str:
    """One paragraph per rule: id, impact, help, and the first targets with their HTML."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:limit]:
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:160]}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


def axe_check(page: Page, steps: Steps, name: str) -> dict:
    """Run axe, save its full JSON among the test's artefacts, and fail on any serious or critical violation."""
    results = axe_run(page)
    report = steps.save_json(f"{name}-axe", results)
    blocking = axe_blocking_violations(results)
    assert not blocking, (
        f"axe found serious or critical violations on {page.url} (full report: {report}):\n{axe_report(blocking)}"
    )
    return results


# Layout and keyboard


def horizontal_overflow(page: Page) -> dict:
    """The page's scroll width against its viewport, and the elements that stick out to the right, if any."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            const width = root.clientWidth;
            const culprits = [];
            for (const element of document.body.querySelectorAll("*")) {
                const box = element.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const name = element.tagName.toLowerCase()
                        + (element.id ? "#" + element.id : "")
                        + (element.classList.length ? "." + [...element.classList].join(".") : "");
                    culprits.push(`${name} (right edge at ${Math.round(box.right)}px)`);
                }
            }
            return {scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 10)};
        }"""
    )


def responsive_check(page: Page, steps: Steps, name: str, *, axe: bool = True) -> None:
    """At a phone's width (375 px): no horizontal scroll, a screenshot, and axe again. The viewport is restored."""
    viewport = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        overflow = horizontal_overflow(page)
        steps.shot(page, f"{name}-phone")
        assert overflow["scrollWidth"] <= overflow["clientWidth"] + 1, (
            f"{page.url} scrolls sideways at {PHONE['width']} px: scroll width {overflow['scrollWidth']} px, "
            f"viewport {overflow['clientWidth']} px. Too wide: {', '.join(overflow['culprits']) or 'unknown'}"
        )
        if axe:
            axe_check(page, steps, f"{name}-phone")
    finally:
        if viewport:
            page.set_viewport_size(viewport)


def skip_link_check(page: Page, steps: Steps, name: str) -> None:
    """From the top of the page, the first Tab reaches the skip link, which is then visible and leads to <main>.

    Tabbing starts from a marker focused at the very start of <body> (and removed afterwards), as after a fresh
    load, whatever the test clicked before; the page is not reloaded, so its messages stay.
    """
    page.evaluate(
        """() => {
            const marker = document.createElement("span");
            marker.tabIndex = -1;
            marker.dataset.e2eTabStart = "";
            document.body.prepend(marker);
            marker.focus();
            window.scrollTo(0, 0);
        }"""
    )
    page.keyboard.press("Tab")
    page.evaluate("() => document.querySelector('[data-e2e-tab-start]')?.remove()")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                href: element.getAttribute("href"),
                text: element.textContent.trim(),
                visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight
                    && box.right > 0 && box.left < window.innerWidth
                    && style.visibility !== "hidden" && style.opacity !== "0",
            };
        }"""
    )
    steps.shot(page, f"{name}-skip-link")
    assert (focused["tag"], focused["href"]) == ("a", "#main"), f"the first Tab on {page.url} reached {focused}"
    assert focused["visible"], f"the skip link of {page.url} is focused but not visible: {focused}"
    assert page.locator("#main").count() == 1, f"{page.url} has no element with id 'main' for the skip link"


def page_check(page: Page, steps: Steps, name: str) -> None:
    """Everything every portal page must pass: axe at desktop width, phone width, and the skip link."""
    steps.shot(page, name)
    axe_check(page, steps, name)
    responsive_check(page, steps, name)
    skip_link_check(page, steps, name)


# Logging in


def log_in(page: Page, *, email: str, password: str = PASSWORD, next_url: str) -> None:
    """Log in through allauth's real login form, and land on ``next_url`` (a path on the live server).

    For people without two-factor authentication (employer members): staff would be asked for a TOTP code.
    """
    page.goto(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    landed = urlsplit(page.url)
    expected = urlsplit(next_url)
    assert (landed.path, landed.query) == (expected.path, expected.query), (
        f"logging in as {email} led to {page.url}, not {next_url}. The page says:\n"
        + page.locator("main, body").first.inner_text()[:1000]
    )


def session_open(context: BrowserContext, *, user, url: str) -> None:
    """Give the browser context a session opened for ``user`` on the live server at ``url``, without the login form.

    For pages whose test is not about logging in: staff have a TOTP authenticator, which is all the staff pages ask
    of a session (``accounts.mfa.StaffTwoFactorMiddleware``), so a forced login reaches them as the form would.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}])


_TOTP_STEPS_USED: set[tuple[str, int]] = set()


def totp_code_unused(secret: str) -> str:
    """The code an authenticator shows for ``secret``, from a 30-second step not typed yet in this run: allauth
    refuses a code used once, and a test that logs the same person in twice within a step would fail by chance."""
    step = int(time.time()) // 30
    if (secret, step) in _TOTP_STEPS_USED:
        time.sleep((step + 1) * 30 - time.time() + 0.1)
        step += 1
    _TOTP_STEPS_USED.add((secret, step))
    return format_hotp_value(hotp_value(secret, step))
