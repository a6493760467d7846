"""Group recruiting in a real browser: an information session, a job dating, interviews and unanswered deadlines.

The world is built with factories: a platform, its advisor (who logs in with their authenticator's code), an employer
with a need of 280 openings and 40 people of the platform who consent to messages.

1. The advisor creates an information session of 25 seats on the staff form and invites the 40 people by number on
   the session's page. The invitations' links are opened with the tokens derived from the links' salts, as the link
   pages' own tests do, rather than from e-mails: no worker nor mail server is started, which keeps the test fast.
   Four links are answered in the browser (the first three take a seat, the 26th is refused as full); the other 22
   seats are taken through Django's test client on the same link page. On the check-in list, at a phone's width,
   the advisor taps 20 people present; the session's page shows them present.
2. A job dating of three employers (one need of two openings each) and 30 attendees: the first employer ranks the
   attendees in the portal, the two others through the service; the advisor enters one attendee's ranking on the
   staff page, sends the others a ranking link from that page (one is answered in the browser, the rest through the
   service), computes the proposals (0 blocking pairs), confirms two in the
   browser and the rest through the service: each becomes a presentation with an interview requested.
3. Interviews (no page of their own is under test here): the candidate's acceptance, the employer's slot and its
   confirmation go through the services; the invitation's calendar file is read with icalendar.
4. Deadlines: a presentation the employer leaves unanswered is reminded, then expires (``now=``); the reminder's
   notice is sent as the worker would, once.

axe finds no serious violation on the new pages (session page, check-in list, the staff and portal job-dating pages,
the session's link page). Screenshots and axe's reports are kept in var/test-artefacts/e2e/.
"""

import datetime
import re
import uuid
from collections.abc import Iterator

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Browser, Page, expect

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import JobDatingProposalStatus, LinkPurpose, PresentationStatus, SeatStatus
from matching.interview_calendar import EMPLOYER, REQUEST, interview_calendar, interview_sequence, interview_uid
from matching.link_tokens import link_token
from matching.models import (
    CandidateLink,
    CollectiveSession,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    Presentation,
    SessionSeat,
)
from matching.services.deadlines import presentation_deadlines_apply
from matching.services.employer_answers import (
    SlotProposal,
    interview_slot_confirm,
    interview_slots_propose,
    presentation_interview_accept,
)
from matching.services.job_dating import (
    job_dating_candidate_ranking_save,
    job_dating_employer_ranking_save,
    job_dating_proposal_confirm,
)
from notifications.deadline_notices import employer_reminder_notice_send
from tests.e2e.browser import DESKTOP, LOCALE, PHONE, PageWatch, Steps, axe_check, log_in
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_wave_journey import staff_log_in, submit
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.job_dating_world import job_dating_create, member_of, seat_create
from tests.matching.link_world import reachable_candidate
from tests.matching.presentation_world import presentation_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Status = PresentationStatus
SEATS = 25
INVITED = 40
PRESENT = 20
IN_BROWSER = 3  # seats taken in the browser; the others through the test client
EMPLOYERS = 3
OPENINGS = 2  # per job dating need
ATTENDEES = 30
CONFIRMED_IN_BROWSER = 2


@pytest.fixture
def other_page(browser: Browser, live_server, page_watch: PageWatch) -> Iterator[Page]:
    """A second browser, for the employer while the advisor stays logged in, watched as the first one."""
    context = browser.new_context(viewport=DESKTOP, locale=LOCALE, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page_watch.attach(context)
    yield context.new_page()
    context.close()


def french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def link_url(seat: SessionSeat) -> str:
    with translation.override("fr"):
        return reverse("portal:candidate_link", args=[link_token(seat.links.get().token_salt)])


def text_of(page: Page) -> str:
    return re.sub(r"\s+", " ", page.locator("main").inner_text())


def create_and_fill_the_session(page: Page, advisor, need: StaffingNeed) -> CollectiveSession:
    """The staff form, then the invitation of everyone by number on the session's page."""
    staff_log_in(page, advisor, next_url=reverse("staff:session_create"))
    starts = timezone.localtime() + datetime.timedelta(days=3)
    page.select_option("#id_kind", "information")
    page.fill("#id_title", "Information collective — 280 postes")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT11:00"))
    page.fill("#id_place", "Maison de l'emploi, Lens")
    page.fill("#id_capacity", str(SEATS))
    page.check(f"input[name=needs][value='{need.pk}']")
    submit(page, "form.sessions-form button[type=submit]")
    session = CollectiveSession.objects.get()
    assert (session.capacity, list(session.needs.all())) == (SEATS, [need])
    assert page.url.endswith(reverse("staff:session_detail", args=[session.pk])), page.url
    return session


def test_group_recruiting_from_a_session_to_expired_deadlines(
    page: Page, other_page: Page, steps: Steps, platform, advisor
):
    need = StaffingNeedFactory(open=True, employer__platform=platform, headcount=280)
    people = [reachable_candidate(platform) for _ in range(INVITED)]

    # 1. The information session.
    session = create_and_fill_the_session(page, advisor, need)
    page.fill("#id_candidate_ids", ", ".join(str(person.pk) for person in people))
    page.check("input[name=channels][value=email]")
    submit(page, "form:has(#id_candidate_ids) button[type=submit]")
    assert session.seats.filter(status=SeatStatus.INVITED).count() == INVITED, text_of(page)
    seats = [session.seats.get(candidate=person) for person in people]

    for number, seat in enumerate(seats[:IN_BROWSER]):
        other_page.goto(link_url(seat))
        if number == 0:
            steps.shot(other_page, "session-link")
            axe_check(other_page, steps, "session-link")
        other_page.check("input[name=attending][value=yes]")
        submit(other_page, "form.portal-form button[type=submit]")
    for seat in seats[IN_BROWSER:SEATS]:
        response = Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}").post(link_url(seat), {"attending": "yes"})
        assert response.status_code in (200, 302), response.content.decode()[:500]
    assert session.seats.filter(status=SeatStatus.ACCEPTED).count() == SEATS

    other_page.goto(link_url(seats[SEATS]))
    other_page.check("input[name=attending][value=yes]")
    submit(other_page, "form.portal-form button[type=submit]")
    with translation.override("fr"):
        full = gettext("This session is full: every one of its %(capacity)d seats is taken.") % {"capacity": SEATS}
    expect(other_page.locator("main")).to_contain_text(full)
    steps.shot(other_page, "session-full")
    seats[SEATS].refresh_from_db()
    assert seats[SEATS].status == SeatStatus.INVITED

    page.goto(reverse("staff:session_check_in", args=[session.pk]))
    page.set_viewport_size(PHONE)
    axe_check(page, steps, "check-in-phone")
    for seat in seats[:PRESENT]:
        toggle = page.locator(f"#seat-{seat.pk} button.check-in-toggle")
        toggle.click()
        expect(page.locator(f"#seat-{seat.pk} button.check-in-toggle")).to_have_attribute("aria-pressed", "true")
    steps.shot(page, "check-in-done")
    page.set_viewport_size(DESKTOP)
    assert session.seats.filter(attended=True).count() == PRESENT

    page.goto(reverse("staff:session_detail", args=[session.pk]))
    present = re.compile(rf"^\s*{re.escape(french('Present'))}\s*$")
    expect(page.locator("table.sessions-table tbody td").filter(has_text=present)).to_have_count(PRESENT)
    with translation.override("fr"):
        answers = gettext("%(invited)s waiting, %(accepted)s accepted, %(declined)s declined") % {
            "invited": INVITED - SEATS,
            "accepted": SEATS,
            "declined": 0,
        }
    expect(page.locator("main")).to_contain_text(answers)
    steps.shot(page, "session-page")
    axe_check(page, steps, "session-page")

    # 2. The job dating.
    needs, members = [], []
    for number in range(EMPLOYERS):
        employer = EmployerFactory(platform=platform, legal_name=f"Employeur {number + 1}")
        needs.append(
            StaffingNeedFactory(
                employer=employer, headcount=OPENINGS, status=NeedStatus.OPEN, title=f"Métier {number + 1}"
            )
        )
        members.append(member_of(employer))
    dating = job_dating_create(platform=platform, needs=needs)
    attendees = [reachable_candidate(platform) for _ in range(ATTENDEES)]
    dating_seats = [seat_create(dating, person) for person in attendees]

    def employer_order(number: int) -> list[int]:
        """Each employer prefers other people first: the attendees in turn, from a different start."""
        return [(position + 10 * number) % ATTENDEES for position in range(ATTENDEES)]

    log_in(other_page, email=members[0].email, next_url=reverse("portal:job_dating_detail", args=[dating.pk]))
    rank_url = reverse("portal:job_dating_rank", args=[dating.pk, needs[0].pk])
    ranking_form = other_page.locator(f"form[action='{rank_url}']")
    for rank, index in enumerate(employer_order(0), start=1):
        ranking_form.locator(f"input[name='rank-{dating_seats[index].pk}']").fill(str(rank))
    axe_check(other_page, steps, "portal-job-dating")
    submit(other_page, ranking_form.locator("button[type=submit]"))
    steps.shot(other_page, "portal-job-dating-ranked")
    ranked = JobDatingEmployerRanking.objects.filter(need=needs[0]).order_by("rank")
    assert list(ranked.values_list("candidate_id", flat=True)) == [attendees[index].pk for index in employer_order(0)]
    for number in range(1, EMPLOYERS):
        ranks = {attendees[index].pk: rank for rank, index in enumerate(employer_order(number), start=1)}
        job_dating_employer_ranking_save(session=dating, need=needs[number], ranks=ranks, by=members[number])

    def candidate_order(index: int) -> list[StaffingNeed]:
        return [needs[(index + shift) % EMPLOYERS] for shift in range(EMPLOYERS)]

    page.goto(reverse("staff:job_dating", args=[dating.pk]))
    first_form = page.locator(f"form#attendee-{attendees[0].pk}")
    for rank, wanted in enumerate(candidate_order(0), start=1):
        first_form.locator(f"input[name='rank-{wanted.pk}']").fill(str(rank))
    submit(page, first_form.locator("button[type=submit]"))
    # The others get a link to rank the jobs themselves: sent from the page, by e-mail, to the 29 who have not ranked.
    links_form = page.locator(f"form[action='{reverse('staff:job_dating_ranking_links', args=[dating.pk])}']")
    links_form.locator("input[value='email']").check()
    submit(page, links_form.locator("button[type=submit]"))
    ranking_links = CandidateLink.objects.filter(seat__session=dating, purpose=LinkPurpose.JOB_DATING_RANKING)
    assert ranking_links.count() == ATTENDEES - 1
    # The second attendee ranks on their link page, in the browser.
    ranking_link = ranking_links.get(candidate=attendees[1])
    with translation.override("fr"):
        other_page.goto(reverse("portal:candidate_link", args=[link_token(ranking_link.token_salt)]))
    for rank, wanted in enumerate(candidate_order(1), start=1):
        other_page.locator(f"select[name='rank-{wanted.pk}']").select_option(str(rank))
    axe_check(other_page, steps, "link-job-dating-ranking")
    submit(other_page, "main form button[type=submit]")
    ranked_by_link = JobDatingCandidateRanking.objects.filter(session=dating, candidate=attendees[1]).order_by("rank")
    assert [row.need_id for row in ranked_by_link] == [wanted.pk for wanted in candidate_order(1)]
    for index, person in enumerate(attendees[2:], start=2):
        ranks = {wanted.pk: rank for rank, wanted in enumerate(candidate_order(index), start=1)}
        job_dating_candidate_ranking_save(session=dating, candidate=person, ranks=ranks, by=advisor)

    submit(page, f"form[action='{reverse('staff:job_dating_compute', args=[dating.pk])}'] button")
    proposals = list(JobDatingProposal.objects.filter(session=dating).order_by("pk"))
    assert len(proposals) == EMPLOYERS * OPENINGS
    with translation.override("fr"):
        none_blocking = ngettext(
            "Computed %(at)s: %(pairs)s blocking pair in what was proposed.",
            "Computed %(at)s: %(pairs)s blocking pairs in what was proposed.",
            0,
        ) % {"at": "@", "pairs": 0}
    expect(page.locator(".job-dating-audit")).to_contain_text(none_blocking.split("@", 1)[1].strip())
    steps.shot(page, "staff-job-dating")
    axe_check(page, steps, "staff-job-dating")

    for proposal in proposals[:CONFIRMED_IN_BROWSER]:
        submit(page, f"#proposal-{proposal.pk} form[action$='/confirm/'] button")
    for proposal in proposals[CONFIRMED_IN_BROWSER:]:
        job_dating_proposal_confirm(proposal=proposal, by=advisor)
    assert JobDatingProposal.objects.filter(session=dating, status=JobDatingProposalStatus.CONFIRMED).count() == len(
        proposals
    )
    presentations = Presentation.objects.filter(need__in=needs)
    assert sorted(presentations.values_list("need_id", "candidate_id")) == sorted(
        (proposal.need_id, proposal.candidate_id) for proposal in proposals
    )
    assert set(presentations.values_list("status", flat=True)) == {Status.INTERVIEW_REQUESTED}
    with translation.override("fr"):
        confirmed_audit = ngettext(
            "%(pairs)s blocking pair in what is confirmed.", "%(pairs)s blocking pairs in what is confirmed.", 0
        ) % {"pairs": 0}
    page.reload()
    expect(page.locator(".job-dating-confirmed-audit")).to_contain_text(confirmed_audit)

    # 3. An interview for a confirmed pair, and its calendar file.
    interviewed = presentations.get(need=needs[0], candidate_id=proposals[0].candidate_id)
    member = members[needs.index(interviewed.need)]
    presentation_interview_accept(presentation=interviewed, by=advisor)
    starts_at = (timezone.now() + datetime.timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    (slot,) = interview_slots_propose(
        presentation=interviewed, slots=[SlotProposal(starts_at=starts_at, place="Siège, salle 2")], by=member
    )
    interview_slot_confirm(presentation=interviewed, slot=slot, by=member)
    interviewed.refresh_from_db()
    assert interviewed.status == Status.INTERVIEW_SCHEDULED
    calendar = icalendar.Calendar.from_ical(
        interview_calendar(
            presentation_id=interviewed.pk,
            method=REQUEST,
            sequence=interview_sequence(presentation_id=interviewed.pk),
            audience=EMPLOYER,
        )
    )
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == interview_uid(interviewed.pk)
    assert event.decoded("DTSTART") == starts_at.astimezone(datetime.UTC)

    # 4. A presentation the employer leaves unanswered: reminded, then expired.
    # A Monday followed by three weeks without a public holiday: eight days later, five working days have passed.
    presented_at = timezone.make_aware(datetime.datetime(2025, 12, 1, 10))
    waiting = presentation_in(Status.PRESENTED, need=needs[1], presented_at=presented_at)
    reminded_at = presented_at + datetime.timedelta(days=8)
    assert presentation_deadlines_apply(now=reminded_at).reminded == [waiting.pk]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.employer_reminded_at) == (Status.PRESENTED, reminded_at)
    mail.outbox.clear()
    # What the worker does with the task the reminder promised, twice (a redelivery): one e-mail.
    employer_reminder_notice_send(need_id=needs[1].pk, presentation_ids=[waiting.pk])
    employer_reminder_notice_send(need_id=needs[1].pk, presentation_ids=[waiting.pk])
    assert [message.to for message in mail.outbox] == [[members[1].email]]

    expired = presentation_deadlines_apply(now=presented_at + datetime.timedelta(days=16)).expired
    assert expired == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED
    assert interviewed.pk not in expired
