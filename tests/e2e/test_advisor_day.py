"""An advisor's day on a 150-opening need, in a real browser: the board, the candidates' links, hires and their end,
and the six-month checks.

The world is built with factories: a platform, its advisor (who logs in with their authenticator's code), an employer
with an open need of 150 openings in two waves, and 70 people of the platform, followed by the advisor, who consent
to be presented and to receive messages, each suggested for the need (suggestion rows written as the board's own
tests write them). A real Celery worker sends the e-mails, to a mail server the test runs (aiosmtpd).

Through the pages: the advisor shortlists 60 people on the board in two actions (every row of the first page, then
ten of the second), sends them a link in two more, and the test opens 40 of the links from the e-mails received and
answers as the people would (most interested, four not, with a reason; one in English). The board shows the answers;
the advisor presents 30 of the people interested in one action, then records, on the need's review page, the
employer's requests for interviews, the interviews and 12 hires (the review page's forms record what the employer
says; the test plays no employer). One hire ends (trial period not confirmed): the seat opens again and a 13th
person takes it. The clock is moved by the data (three hires started six months ago), and the to-do page lists
their six-month checks, which the advisor records from it.

axe finds no serious violation on the board, the link page (French, English, phone width) and the to-do page.
Screenshots and axe's reports are kept in var/test-artefacts/e2e/.
"""

import datetime
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Locator, Page, expect

from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.enums import CandidateAnswer, CandidateDeclineReason, FollowUpResult, HireEndReason, PresentationStatus
from matching.models import CandidateLink, Presentation
from matching.models.presentations import FOLLOW_UP_AFTER
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.e2e.browser import PageWatch, Steps, axe_check, page_check
from tests.e2e.test_wave_journey import own_cache, staff_log_in, submit  # noqa: F401 (own_cache: a fixture)
from tests.matching.board_world import board_world_build
from tests.notifications.test_delivery import Inbox, free_port
from tests.worker_processes import celery_worker, wait_until, worker_environment

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = PresentationStatus
HEADCOUNT = 150
PEOPLE = 70
SHORTLISTED = 60
ROWS_PER_PAGE = 50  # the board's page (matching.board_selectors.ROWS_PER_PAGE)
ANSWERS = 40
# The people who say no through their link, and why; everyone else who answers is interested.
DECLINES = [
    (CandidateDeclineReason.FOUND_JOB, ""),
    (CandidateDeclineReason.TRAVEL, ""),
    (CandidateDeclineReason.DATES, ""),
    (CandidateDeclineReason.OTHER, "Je reprends mes études en septembre."),
]
PRESENTED = 30
INTERVIEWS = 15
HIRES = 12
CHECKS = 3
MAIL_TIMEOUT = 90  # seconds: the worker starts, then sends 60 e-mails in a few seconds
LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?portal/l/[A-Za-z0-9_-]+/)")


@pytest.fixture
def mailbox(live_server, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[Inbox, Path]]:
    """A mail server in the test (aiosmtpd) and a real worker that delivers the site's e-mails to it.

    Yields the inbox and the worker's log, for assertion messages.
    """
    # aiosmtpd logs every SMTP command: a failure's report would be made of them.
    caplog.set_level(logging.WARNING, logger="mail.log")
    port = free_port()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    log = tmp_path / "worker.log"
    # The worker needs none of the browser's allowance for database calls inside an event loop.
    environment = worker_environment(DJANGO_ALLOW_ASYNC_UNSAFE="", EMAIL_URL=f"smtp://127.0.0.1:{port}")
    try:
        with celery_worker(environment=environment, log_path=log):
            yield inbox, log
    finally:
        server.stop()


@pytest.fixture
def world():
    """The platform, its advisor and the need with its 70 suggested people, who consent to messages."""
    platform = PlatformFactory()
    advisor = AdvisorFactory(memberships__platform=platform)
    built = board_world_build(platform=platform, presentations=0, suggested=PEOPLE, headcount=HEADCOUNT)
    Candidate.objects.filter(pk__in=[c.pk for c in built.candidates]).update(
        advisor=advisor, consents_to_messages=True, consented_to_messages_at=timezone.now()
    )
    built.advisor = advisor
    return built


# The board


def tab_count(page: Page, state: str) -> Locator:
    """The count shown on the board's tab of ``state``."""
    return page.locator(
        f".board-states a[href*='state={state}&'] .board-count, .board-states a[href$='state={state}'] .board-count"
    )


def expect_tabs(page: Page, **counts: int) -> None:
    for state, count in counts.items():
        expect(tab_count(page, state), f"the board's tab {state!r}").to_have_text(str(count))


def ticks(page: Page) -> Locator:
    return page.locator("#board-region .board-row-tick")


def act(page: Page, action: str, expected: str) -> None:
    """Click the action's button for the ticked rows; htmx swaps the board and writes the result."""
    page.locator(f"button[name=action][value={action}]").click()
    expect(page.locator("#board-status")).to_contain_text(expected)
    expect(page.locator("#board-status .board-refusals")).to_have_count(0)


def done(message: str, plural: str, count: int) -> str:
    return ngettext(message, plural, count) % {"count": count}


# The links


def received_links(inbox: Inbox, candidates: dict[str, Candidate]) -> dict[int, str]:
    """The path of the link each candidate received by e-mail, by candidate id (the latest e-mail wins)."""
    paths = {}
    for message in list(inbox.messages):
        recipient = str(message["To"])
        if recipient not in candidates:
            continue
        match = LINK.search(message.get_body(preferencelist=("plain",)).get_content())
        assert match, f"the e-mail to a candidate carries no link:\n{message}"
        paths[candidates[recipient].pk] = match.group(1)
    return paths


def answer_link(page: Page, *, interested: bool, reason: str = "", comment: str = "") -> None:
    """Answer the question of the link page open in ``page`` and send it; the thank-you page follows."""
    page.locator(f"input[name=interested][value={'yes' if interested else 'no'}]").check()
    if reason:
        page.locator(f"input[name=reason_code][value={reason}]").check()
    if comment:
        page.locator("textarea[name=comment]").fill(comment)
    submit(page, "main form button[type=submit]")


# The review page


def presentation_form(page: Page, view: str, need: StaffingNeed, presentation: Presentation) -> Locator:
    return page.locator(f"form[action^='{reverse(view, args=[need.pk, presentation.pk])}']")


def review_step(page: Page, view: str, need: StaffingNeed, presentation: Presentation, message: str) -> None:
    """Submit the form of ``view`` in the presentation's row of the review page; the page comes back saying so."""
    submit(page, presentation_form(page, view, need, presentation).locator("button[type=submit]"))
    expect(page.locator("ul.messagelist")).to_contain_text(message)


def expect_status(page: Page, presentation: Presentation, status: str) -> None:
    expect(page.locator(f"#presentation-{presentation.pk} .review-status")).to_have_text(str(Status(status).label))


@pytest.mark.usefixtures("own_cache")
def test_an_advisor_s_day_on_a_need_of_150_openings(page: Page, steps: Steps, page_watch: PageWatch, world, mailbox):
    need, advisor = world.need, world.advisor
    inbox, worker_log = mailbox
    board = reverse("staff:need_board", args=[need.pk])

    # Morning: the board. Every row of the first page of suggestions shortlisted in one action, then ten of the
    # second page's twenty.
    staff_log_in(page, advisor, next_url=f"{board}?state=suggested")
    expect_tabs(page, suggested=PEOPLE, shortlisted=0)
    expect(ticks(page)).to_have_count(ROWS_PER_PAGE)
    expect(page.locator(".board-need")).to_contain_text(f"0 / {HEADCOUNT}")
    steps.shot(page, "board-suggested")
    axe_check(page, steps, "board-suggested")
    page.locator("#board-select-page").check()
    expect(page.locator("#board-region .board-row-tick:checked")).to_have_count(ROWS_PER_PAGE)
    act(page, "shortlist", done("%(count)d shortlisted", "%(count)d shortlisted", ROWS_PER_PAGE))
    expect_tabs(page, suggested=PEOPLE - ROWS_PER_PAGE, shortlisted=ROWS_PER_PAGE)
    second = SHORTLISTED - ROWS_PER_PAGE
    for number in range(second):
        ticks(page).nth(number).check()
    act(page, "shortlist", done("%(count)d shortlisted", "%(count)d shortlisted", second))
    expect_tabs(page, suggested=PEOPLE - SHORTLISTED, shortlisted=SHORTLISTED)
    assert need.presentations.filter(status=Status.SHORTLISTED).count() == SHORTLISTED

    # A link to each of the 60, by e-mail (the form's default channel): the first page, then the second.
    page.goto(f"{board}?state=shortlisted")
    expect(page.locator(".board-pages")).to_contain_text(gettext("Next page"))
    page.locator("#board-select-page").check()
    act(page, "send_link", done("%(count)d link sent", "%(count)d links sent", ROWS_PER_PAGE))
    submit(page, page.locator(".board-pages a").filter(has_text=gettext("Next page")))
    expect(ticks(page)).to_have_count(second)
    page.locator("#board-select-page").check()
    act(page, "send_link", done("%(count)d link sent", "%(count)d links sent", second))
    expect(page.locator("#board-region tbody tr").first).to_contain_text(gettext("Link sent"))
    steps.shot(page, "board-links-sent")
    assert CandidateLink.objects.filter(presentation__need=need, created_by=advisor).count() == SHORTLISTED

    # The worker e-mails the links; each person gets one.
    shortlisted = {
        p.candidate.email: p.candidate for p in need.presentations.select_related("candidate").order_by("pk")
    }
    arrived = wait_until(lambda: len(received_links(inbox, shortlisted)) == SHORTLISTED, timeout=MAIL_TIMEOUT)
    assert arrived, (
        f"{len(received_links(inbox, shortlisted))} of {SHORTLISTED} links e-mailed\n{worker_log.read_text()[-3000:]}"
    )
    links = received_links(inbox, shortlisted)

    # Forty people answer through their link: the first page checked for accessibility, the second read in English,
    # four say no with their reason.
    answering = list(links.items())[:ANSWERS]
    declining = dict(zip([candidate_id for candidate_id, _path in answering[-len(DECLINES) :]], DECLINES, strict=True))
    thanks = gettext("Your answer is recorded. Your advisor will contact you about what comes next.")
    for number, (candidate_id, path) in enumerate(answering):
        page.goto(urlsplit(path).path)
        expect(page.locator("h1")).to_have_text(gettext("A job offer for you"))
        if number == 0:
            page_check(page, steps, "link-page")
        if number == 1:
            submit(page, page.locator(".link-languages a[hreflang=en]"))
            expect(page.locator("h1")).to_have_text("A job offer for you")
            axe_check(page, steps, "link-page-english")
            answer_link(page, interested=True)
            expect(page.locator("main [role=status]")).to_have_text(
                "Your answer is recorded. Your advisor will contact you about what comes next."
            )
            continue
        if candidate_id in declining:
            reason, comment = declining[candidate_id]
            answer_link(page, interested=False, reason=reason, comment=comment)
        else:
            answer_link(page, interested=True)
        expect(page.locator("main [role=status]")).to_have_text(thanks)
        if number == 0:
            steps.shot(page, "link-answered")
    # A link works once: opened again, it is the neutral page of every link that opens nothing.
    page.goto(urlsplit(answering[0][1]).path)
    expect(page.locator("h1")).not_to_have_text(gettext("A job offer for you"))
    assert page_watch.forget_console_errors("404") == 1
    interested = ANSWERS - len(DECLINES)
    answers = dict(
        need.presentations.filter(candidate_id__in=[c for c, _p in answering]).values_list(
            "candidate_id", "candidate_answer"
        )
    )
    assert sorted(answers.values()) == sorted(
        [CandidateAnswer.INTERESTED] * interested + [CandidateAnswer.NOT_INTERESTED] * len(DECLINES)
    )

    # The answers on the board: 36 interested, four ended with their reason, the 20 others still waiting.
    page.goto(f"{board}?state=ended")
    expect_tabs(page, shortlisted=SHORTLISTED - ANSWERS, interested=interested, ended=len(DECLINES))
    expect(ticks(page)).to_have_count(len(DECLINES))
    for reason, _comment in DECLINES:
        expect(page.locator("#board-region")).to_contain_text(str(CandidateDeclineReason(reason).label))
    steps.shot(page, "board-answers")

    # Thirty of the people interested presented to the employer in one action.
    submit(page, page.locator(".board-states a[href*='state=interested']"))
    expect(ticks(page)).to_have_count(interested)
    expect(page.locator("#board-region tbody")).to_contain_text(gettext("Link answered"))
    page.locator("#board-select-page").check()
    for number in range(PRESENTED, interested):
        ticks(page).nth(number).uncheck()
    expect(page.locator("#board-region .board-row-tick:checked")).to_have_count(PRESENTED)
    act(
        page,
        "present",
        done("%(count)d presented to the employer", "%(count)d presented to the employer", PRESENTED),
    )
    expect_tabs(page, interested=interested - PRESENTED, presented=PRESENTED)
    steps.shot(page, "board-presented")
    axe_check(page, steps, "board-presented")

    # Afternoon, on the review page: the employer asks to interview 15 people, the interviews are set, 12 are hired.
    presented = list(need.presentations.filter(status=Status.PRESENTED).order_by("pk"))
    assert len(presented) == PRESENTED
    review = reverse("staff:need_review", args=[need.pk])
    page.goto(review)
    interview_at = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=10, minute=0)
    for presentation in presented[:INTERVIEWS]:
        review_step(
            page,
            "staff:need_review_interview_request",
            need,
            presentation,
            gettext("Interview requested for candidate #%(id)s.") % {"id": presentation.candidate_id},
        )
        presentation_form(page, "staff:need_review_interview_schedule", need, presentation).locator(
            "input[type=datetime-local]"
        ).fill(interview_at.strftime("%Y-%m-%dT%H:%M"))
        review_step(
            page,
            "staff:need_review_interview_schedule",
            need,
            presentation,
            gettext("Interview scheduled for candidate #%(id)s.") % {"id": presentation.candidate_id},
        )
        expect_status(page, presentation, Status.INTERVIEW_SCHEDULED)
    hired = presented[:HIRES]
    for presentation in hired:
        submit(page, presentation_form(page, "staff:need_review_hire", need, presentation).locator("button"))
        expect_status(page, presentation, Status.HIRED)
    need.refresh_from_db()
    assert need.hires_count == HIRES
    steps.shot(page, "review-hired")

    # One trial period is not confirmed: the hire ends, its seat opens again, and the next person interviewed
    # takes it.
    ended, refill = hired[0], presented[HIRES]
    form = presentation_form(page, "staff:need_review_hire_end", need, ended)
    form.locator("input[type=date]").fill(timezone.localdate().isoformat())
    form.locator("select").select_option(HireEndReason.TRIAL_NOT_CONFIRMED)
    review_step(
        page,
        "staff:need_review_hire_end",
        need,
        ended,
        gettext("The hire of candidate #%(id)s ended: the seat is open again.") % {"id": ended.candidate_id},
    )
    expect_status(page, ended, Status.HIRE_ENDED)
    expect(page.locator(f"#presentation-{ended.pk}")).to_contain_text(str(HireEndReason.TRIAL_NOT_CONFIRMED.label))
    need.refresh_from_db()
    assert need.hires_count == HIRES - 1
    submit(page, presentation_form(page, "staff:need_review_hire", need, refill).locator("button"))
    expect_status(page, refill, Status.HIRED)
    steps.shot(page, "review-seat-refilled")

    page.goto(f"{board}?state=hired")
    expect_tabs(
        page,
        presented=PRESENTED - INTERVIEWS,
        interview=INTERVIEWS - HIRES - 1,
        hired=HIRES,
        ended=len(DECLINES) + 1,
    )
    expect(ticks(page)).to_have_count(HIRES)
    expect(page.locator(".board-need")).to_contain_text(f"{HIRES} / {HEADCOUNT}")
    steps.shot(page, "board-hired")

    # Six months on (the data moved, not the clock): three hires are due for their check, which the to-do page lists
    # and the advisor records from it.
    followed = hired[1 : 1 + CHECKS]
    started = timezone.localdate() - FOLLOW_UP_AFTER - datetime.timedelta(days=2)
    Presentation.objects.filter(pk__in=[p.pk for p in followed]).update(
        hire_starts_on=started, follow_up_due_on=started + FOLLOW_UP_AFTER
    )
    todo = reverse("staff:todo")
    section = page.locator("section[aria-labelledby=todo-follow-ups]")
    results = [FollowUpResult.SAME_EMPLOYER, FollowUpResult.OTHER_EMPLOYER, FollowUpResult.NOT_REACHED]
    for number, (presentation, result) in enumerate(zip(followed, results, strict=True)):
        page.goto(todo)
        expect(section.locator(".todo-count")).to_have_text(f"({CHECKS - number})")
        expect(section.locator("li")).to_have_count(CHECKS - number)
        if number == 0:
            steps.shot(page, "todo")
            axe_check(page, steps, "todo")
        link = section.locator(f"a[href^='{reverse('staff:presentation_follow_up', args=[presentation.pk])}']")
        submit(page, link)
        form = page.locator(f"#follow-up-{presentation.pk}")
        form.locator("select").select_option(result)
        form.locator("textarea").fill("Joint par téléphone.")
        form.locator("button[type=submit]").click()
        expect(page.locator(f"#follow-up-{presentation.pk} [role=status]")).to_have_text(
            gettext("Six-month check of candidate #%(id)s recorded: %(result)s.")
            % {"id": presentation.candidate_id, "result": FollowUpResult(result).label}
        )
    page.goto(todo)
    expect(section.locator(".todo-count")).to_have_text("(0)")
    expect(section).to_contain_text(gettext("No check due this week."))
    steps.shot(page, "todo-checks-recorded")

    # The day's outcome, as stored.
    need.refresh_from_db()
    statuses = list(need.presentations.values_list("status", flat=True))
    assert statuses.count(Status.HIRED) == HIRES
    assert statuses.count(Status.HIRE_ENDED) == 1
    assert need.hires_count == HIRES
    assert sum(wave.hires_count for wave in need.waves.all()) == HIRES
    checks = Presentation.objects.filter(need=need, followed_up_at__isnull=False).order_by("pk")
    assert [(p.pk, p.follow_up_result, p.follow_up_checked_on) for p in checks] == [
        (p.pk, result, timezone.localdate()) for p, result in zip(followed, results, strict=True)
    ]
    assert CandidateLink.objects.filter(presentation__need=need, answered_at__isnull=False).count() == ANSWERS
