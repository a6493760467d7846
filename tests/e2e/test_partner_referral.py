"""A partner's proposal in a real browser: the Mission Locale's advisor logs in with their second factor, proposes a
young person to the platform, the platform's advisor accepts the proposal on the staff page, the person is hired
(through the services), and the partner reads "hired" on the proposal's page. The Region's observer then finds the
hire among the platform's in the territorial report, as a count and nothing more."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from candidates.enums import CandidateStatus, ReferralStatus
from candidates.models import CandidateReferral
from employers.enums import ContractType
from matching.enums import PresentationStatus
from matching.referral_selectors import ReferralProgress
from matching.reporting import measures
from matching.reporting.facts import report_facts_refresh
from matching.reporting.periods import month_add
from matching.services.presentations import presentation_hire
from staff.reports.tables import SUMMARY_MEASURES
from tests.accounts.factories import (
    PASSWORD,
    AdvisorFactory,
    PartnerAdvisorFactory,
    PartnerOrganisationFactory,
    RegionObserverFactory,
)
from tests.e2e.browser import Steps, axe_check, totp_code_unused
from tests.e2e.test_staff_pages_csp import staff_log_in
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import STARTS_ON, presentation_in
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def partner_log_in(page: Page, user) -> None:
    """allauth's login form, then the TOTP code: the partner lands on their proposals."""
    page.goto(reverse("account_login"))
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    code = totp_code_unused(user.totp_secret)
    form = page.locator("form").filter(has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        form.locator("button[type=submit]:not([form])").click()
    expect(page.locator("#partner-referrals, main h1").first).to_be_visible()
    assert page.url.endswith(reverse("partners:home")), page.url


def log_out(page: Page) -> None:
    """The session ends with its cookie: the next person logs in on the same browser."""
    page.context.clear_cookies()


def test_a_partner_proposes_the_platform_accepts_and_the_partner_and_the_region_read_the_hire(
    page: Page, steps: Steps, monkeypatch
):
    commune = CommuneFactory(insee_code="59350", name="Lille")
    OccupationFactory(rome_code="D1408", label="Téléconseil et télévente")
    advisor = AdvisorFactory(email="conseil@plateforme-lille.example")
    platform = advisor.memberships.get().platform
    partner = PartnerOrganisationFactory(name="Mission Locale de Lille", platforms=[platform])
    partner_advisor = PartnerAdvisorFactory(memberships__partner=partner, email="conseillere@ml-lille.example")

    partner_log_in(page, partner_advisor)
    page.goto(reverse("partners:referral_propose"))
    form = page.locator("main form")
    form.locator("[name=first_name]").fill("Inès")
    form.locator("[name=last_name]").fill("Carpentier")
    form.locator("[name=email]").fill("ines.carpentier@example.org")
    form.locator("[name=phone]").fill("06 11 22 33 44")
    form.locator("[name=commune]").fill(commune.insee_code)
    form.locator("[name=occupation]").fill("D1408")
    form.locator("[name=consent_recorded_on]").fill(timezone.localdate().isoformat())
    form.locator("[name=consent_method]").select_option("signed_form")
    form.locator("[name=consent_confirmed]").check()
    axe_check(page, steps, "propose")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    referral = CandidateReferral.objects.get()
    assert page.url.endswith(reverse("partners:referral_detail", args=[referral.pk])), page.url
    assert referral.candidate.status == CandidateStatus.PROPOSED
    with translation.override("fr"):
        expect(page.locator("#referral-status")).to_have_text(str(ReferralProgress.PROPOSED.label))
    steps.shot(page, "proposed")
    log_out(page)

    staff_log_in(page, advisor)
    page.goto(reverse("staff:referral_list"))
    expect(page.locator(f"#referral-{referral.pk}")).to_contain_text("Carpentier")
    with page.expect_navigation():
        page.locator(f"form[action='{reverse('staff:referral_accept', args=[referral.pk])}'] button").click()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    steps.shot(page, "accepted")
    log_out(page)

    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform, legal_name="Plateau Euralille"))
    presentation = presentation_in(PresentationStatus.INTERVIEW_SCHEDULED, need=need, candidate=referral.candidate)
    presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)

    partner_log_in(page, partner_advisor)
    with translation.override("fr"):
        hired = str(ReferralProgress.HIRED.label)
    expect(page.locator(f"#referral-{referral.pk} .referral-status")).to_contain_text(hired)
    expect(page.locator(f"#referral-{referral.pk} .referral-status")).to_contain_text("Plateau Euralille")
    axe_check(page, steps, "home")
    page.goto(reverse("partners:referral_detail", args=[referral.pk]))
    expect(page.locator("#referral-status")).to_have_text(hired)
    steps.shot(page, "hired")
    log_out(page)

    # Four more people hired by the platform this month: with the proposal's, five, the fewest a report shows.
    for _ in range(4):
        presentation_in(PresentationStatus.HIRED, need=need)
    report_facts_refresh()  # what the hourly task does
    # Reports show months that have ended: the Region reads them on the first day of next month (the live server
    # runs in this process, so the page reads this date too).
    next_month = month_add(timezone.localdate().replace(day=1), 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: next_month)
    observer = RegionObserverFactory(email="suivi@region.example")
    staff_log_in(page, observer)
    assert page.url.endswith(reverse("staff:reports")), page.url
    page.goto(f"{reverse('staff:reports')}?dimension=platform&period=rolling")
    line = page.locator("#figure-lines ~ .report-table-scroll tbody tr").filter(
        has=page.locator("th", has_text=platform.name)
    )
    hires = line.locator("td").nth(SUMMARY_MEASURES.index(measures.HIRES))
    expect(hires).to_have_text("5")
    content = page.content()
    assert "Carpentier" not in content
    assert "Inès" not in content
    axe_check(page, steps, "region report")
    steps.shot(page, "region report")
