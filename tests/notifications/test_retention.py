"""The retention period: told 30 days ahead, anonymised after two years without contact, statistics kept.

The services take ``today``: each test moves the clock to the day before and the day of each deadline. A profile
last contacted on day L is announced on L + 700 and anonymised on L + 730 (``matching.retention``).
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.enums import MembershipRole
from candidates.enums import CandidateStatus
from candidates.models import Candidate, PersonalDataAccess
from employers.enums import ContractType, NeedStatus
from employers.models import NeedStatusChange
from matching import tasks as matching_tasks
from matching.enums import CandidateAnswer, OutcomeKind, PresentationStatus
from matching.models import MatchSuggestion, Outcome, Presentation
from matching.personal_data import ERASURE_LOG_PREFIX
from matching.retention import (
    NOTICE_BEFORE,
    RETENTION_LIST_QUERY,
    RETENTION_PERIOD,
    anonymisation_due_on,
    candidates_anonymise_expired,
    retention_notice_due_on,
)
from matching.services.follow_ups import outcome_record
from matching.services.presentations import (
    presentation_answer_record,
    presentation_hire,
    presentation_present,
    presentation_shortlist,
    presentation_transition,
)
from notifications import tasks as notification_tasks
from notifications.retention_notices import retention_notices_send
from staff.dashboard.selectors import (
    dashboard_durations,
    dashboard_funnel,
    dashboard_needs,
    dashboard_platform_breakdown,
    dashboard_solutions,
)
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db

L = datetime.date(2025, 1, 10)
DAY = datetime.timedelta(days=1)
NOTICE_DAY = L + datetime.timedelta(days=700)
DUE_DAY = L + datetime.timedelta(days=730)


def _candidate(platform, **fields) -> Candidate:
    return CandidateFactory(platform=platform, **{"last_contact_at": L, **fields})


def _reload(candidate: Candidate) -> Candidate:
    return Candidate.objects.get(pk=candidate.pk)


def test_the_rule_in_days():
    assert datetime.timedelta(days=730) == RETENTION_PERIOD
    assert datetime.timedelta(days=30) == NOTICE_BEFORE
    assert (retention_notice_due_on(L), anonymisation_due_on(L)) == (NOTICE_DAY, DUE_DAY)


def test_the_advisor_is_told_once_on_the_notice_day_without_any_name(advisor, platform, mailoutbox):
    candidate = _candidate(platform, advisor=advisor, first_name="Nadia", last_name="Benali", phone="0601020304")

    assert retention_notices_send(today=NOTICE_DAY - DAY) == 0
    assert mailoutbox == []
    assert _reload(candidate).retention_notice_sent_at is None

    assert retention_notices_send(today=NOTICE_DAY) == 1
    assert retention_notices_send(today=NOTICE_DAY) == 0  # run twice: nothing more
    assert retention_notices_send(today=NOTICE_DAY + DAY) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [advisor.email]
    text = message.subject + message.body
    assert DUE_DAY.strftime("%d/%m/%Y") in message.body
    assert RETENTION_LIST_QUERY in message.body
    for personal in ("Nadia", "Benali", "0601020304", candidate.email):
        assert personal not in text
    assert timezone.localdate(_reload(candidate).retention_notice_sent_at) == NOTICE_DAY


def test_the_profile_is_anonymised_on_its_due_day_not_the_day_before(advisor, platform):
    candidate = _candidate(platform, advisor=advisor, last_name="Benali")
    retention_notices_send(today=NOTICE_DAY)

    assert candidates_anonymise_expired(today=DUE_DAY - DAY) == 0
    assert _reload(candidate).status == CandidateStatus.ACTIVE
    assert _reload(candidate).last_name == "Benali"

    assert candidates_anonymise_expired(today=DUE_DAY) == 1
    anonymised = _reload(candidate)
    assert anonymised.status == CandidateStatus.ANONYMISED
    assert anonymised.last_name != "Benali"
    assert candidates_anonymise_expired(today=DUE_DAY + DAY) == 0  # done once
    log = PersonalDataAccess.objects.get(candidate=candidate, action=PersonalDataAccess.Action.CHANGED)
    assert log.actor is None
    assert f"{ERASURE_LOG_PREFIX}retention" in log.fields


def test_the_day_after_the_due_day_a_profile_still_there_is_anonymised(advisor, platform):
    candidate = _candidate(platform, advisor=advisor)
    retention_notices_send(today=NOTICE_DAY)
    assert candidates_anonymise_expired(today=DUE_DAY + DAY) == 1
    assert _reload(candidate).status == CandidateStatus.ANONYMISED


def test_no_profile_is_anonymised_untold_and_a_late_notice_gives_thirty_days(advisor, platform, mailoutbox):
    candidate = _candidate(platform, advisor=advisor)
    late = DUE_DAY + datetime.timedelta(days=70)  # the notice was never sent: the task did not run

    assert candidates_anonymise_expired(today=late) == 0
    assert retention_notices_send(today=late) == 1
    assert (late + NOTICE_BEFORE).strftime("%d/%m/%Y") in mailoutbox[0].body
    assert candidates_anonymise_expired(today=late + NOTICE_BEFORE - DAY) == 0
    assert candidates_anonymise_expired(today=late + NOTICE_BEFORE) == 1
    assert _reload(candidate).status == CandidateStatus.ANONYMISED


def test_a_contact_after_the_notice_spares_the_profile_and_resets_the_notice(advisor, platform, mailoutbox):
    candidate = _candidate(platform, advisor=advisor)
    retention_notices_send(today=NOTICE_DAY)
    contacted_on = NOTICE_DAY + datetime.timedelta(days=10)
    Candidate.objects.filter(pk=candidate.pk).update(last_contact_at=contacted_on)

    assert candidates_anonymise_expired(today=DUE_DAY) == 0
    spared = _reload(candidate)
    assert spared.status == CandidateStatus.ACTIVE
    assert spared.retention_notice_sent_at is None
    # The clock starts again from the new contact.
    assert retention_notices_send(today=retention_notice_due_on(contacted_on) - DAY) == 0
    assert retention_notices_send(today=retention_notice_due_on(contacted_on)) == 1
    assert len(mailoutbox) == 2


def test_a_profile_due_later_the_same_day_waits_for_the_next_days_email(advisor, platform, mailoutbox):
    _candidate(platform, advisor=advisor)
    assert retention_notices_send(today=NOTICE_DAY) == 1
    # Later that day a profile is found due (its last contact was corrected): the advisor had today's e-mail.
    later = _candidate(platform, advisor=advisor)
    assert retention_notices_send(today=NOTICE_DAY) == 0
    assert _reload(later).retention_notice_sent_at is None  # not marked: no e-mail told of it
    assert retention_notices_send(today=NOTICE_DAY + DAY) == 1
    assert timezone.localdate(_reload(later).retention_notice_sent_at) == NOTICE_DAY + DAY
    assert len(mailoutbox) == 2


def test_one_email_per_advisor_and_managers_hear_of_profiles_without_an_active_advisor(platform, mailoutbox):
    advisor = AdvisorFactory(memberships__platform=platform)
    gone = AdvisorFactory(memberships__platform=platform, is_active=False)
    manager = AdvisorFactory(memberships__platform=platform, memberships__role=MembershipRole.MANAGER)
    other_platform_manager = AdvisorFactory(memberships__role=MembershipRole.MANAGER)
    for _ in range(3):
        _candidate(platform, advisor=advisor)
    _candidate(platform, advisor=None)
    _candidate(platform, advisor=gone)
    _candidate(platform, advisor=advisor, last_contact_at=L + datetime.timedelta(days=5))  # told later

    assert retention_notices_send(today=NOTICE_DAY) == 2
    by_recipient = {message.to[0]: message.body for message in mailoutbox}
    assert set(by_recipient) == {advisor.email, manager.email}
    assert other_platform_manager.email not in by_recipient
    assert by_recipient[advisor.email].startswith("3 ")
    assert by_recipient[manager.email].startswith("2 ")
    assert Candidate.objects.filter(retention_notice_sent_at__isnull=False).count() == 5


def test_a_profile_no_one_can_be_told_about_is_not_marked(platform, mailoutbox):
    candidate = _candidate(platform, advisor=None)  # no advisor, and the platform has no manager
    assert retention_notices_send(today=NOTICE_DAY) == 0
    assert _reload(candidate).retention_notice_sent_at is None
    assert candidates_anonymise_expired(today=DUE_DAY) == 0


def _figures(platform_ids):
    return {
        "needs": dashboard_needs(platform_ids=platform_ids),
        "durations": dashboard_durations(platform_ids=platform_ids),
        "funnel": dashboard_funnel(platform_ids=platform_ids),
        "solutions": dashboard_solutions(platform_ids=platform_ids),
        "breakdown": dashboard_platform_breakdown(platform_ids=platform_ids),
    }


def test_the_dashboard_figures_are_the_same_after_the_anonymisation(advisor, platform, mailoutbox):
    """Hires, solutions, presentations at every step, suggestions, durations: the rows stay, so the counts do."""
    need = StaffingNeedFactory(open=True, employer__platform=platform, headcount=5)
    NeedStatusChange.objects.create(
        need=need, from_status=NeedStatus.DRAFT, to_status=NeedStatus.OPEN, changed_at=timezone.now() - 20 * DAY
    )
    people = [_candidate(platform, advisor=advisor, presentable=True) for _ in range(6)]
    SensitiveSituationFactory(candidate=people[0], is_under_26=True)
    for rank, person in enumerate(people, start=1):
        parts = {"skills": 4000, "occupation": 2000, "commute": 1000, "availability": 1000, "experience": rank}
        MatchSuggestion.objects.create(
            need=need, candidate=person, rank=rank, score=8000 + rank, parts=parts, distance_km=5, scoring_version="v"
        )

    def presented(person):
        presentation = presentation_shortlist(need=need, candidate=person, by=advisor)
        presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=advisor)
        return presentation_present(presentations=[presentation], by=advisor)[0]

    def interviewed(person):
        presentation = presentation_transition(
            presentation=presented(person), to_status=PresentationStatus.INTERVIEW_REQUESTED, by=advisor
        )
        return presentation_transition(
            presentation=presentation,
            to_status=PresentationStatus.INTERVIEW_SCHEDULED,
            by=advisor,
            interview_at=timezone.now(),
        )

    presentation_hire(presentation=interviewed(people[0]), contract_type=ContractType.CDI, starts_on=L, by=advisor)
    presentation_hire(
        presentation=interviewed(people[1]),
        contract_type=ContractType.CDD,
        contract_duration_months=3,
        starts_on=L,
        by=advisor,
    )
    interviewed(people[2])  # still in the workflow: withdrawn by the anonymisation
    presentation_transition(
        presentation=presented(people[3]),
        to_status=PresentationStatus.DECLINED_BY_EMPLOYER,
        by=advisor,
        reason="Pas assez d'expérience",
    )
    presentation_shortlist(need=need, candidate=people[4], by=advisor)  # shortlisted only
    outcome_record(
        candidate=people[5], kind=OutcomeKind.TRAINING, description="Formation AFPA", starts_on=L, by=advisor
    )
    Candidate.objects.filter(pk__in=[person.pk for person in people]).update(last_contact_at=L)
    before = _figures([platform.pk])
    assert before["solutions"]["hires"] == 2
    assert before["solutions"]["trainings"] == 1
    assert before["funnel"]["interview"] == 3

    retention_notices_send(today=NOTICE_DAY)
    assert candidates_anonymise_expired(today=DUE_DAY) == 6

    assert not Candidate.objects.exclude(status=CandidateStatus.ANONYMISED).exists()
    assert Presentation.objects.filter(need=need).count() == 5
    assert Outcome.objects.count() == 1
    assert _figures([platform.pk]) == before


def test_the_tasks_run_the_services_for_today_and_are_scheduled_daily(advisor, platform, mailoutbox):
    today = timezone.localdate()
    told = _candidate(platform, advisor=advisor, last_contact_at=today - (RETENTION_PERIOD - NOTICE_BEFORE))
    notification_tasks.retention_notices_send()
    assert _reload(told).retention_notice_sent_at is not None
    Candidate.objects.filter(pk=told.pk).update(
        last_contact_at=today - RETENTION_PERIOD, retention_notice_sent_at=timezone.now() - NOTICE_BEFORE
    )
    matching_tasks.candidates_anonymise_expired()
    assert _reload(told).status == CandidateStatus.ANONYMISED
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        notification_tasks.retention_notices_send.name,
        matching_tasks.candidates_anonymise_expired.name,
    } <= scheduled
