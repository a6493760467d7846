"""The portal's other pages in a real browser: joining, the team, e-mail settings, two-factor authentication,
and a form shown again with its errors. Each is checked by axe at desktop and phone widths, without sideways
scrolling, with the skip link as the first Tab stop where the page has the portal's layout.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.enums import MembershipRole
from tests.accounts.factories import EmployerInvitationFactory, MembershipFactory, UserFactory
from tests.e2e.browser import Steps, axe_check, log_in, page_check, responsive_check
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOKEN = "jeton-navigateur-0001-abcdefghijklmnopqrstuvwxyz"


def verified_user(**fields):
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def member():
    employer = EmployerFactory(legal_name="Centre de contacts de l'Artois")
    user = verified_user()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    EmployerInvitationFactory(employer=employer, email="collegue@artois.example")
    return user


@pytest.mark.parametrize("url_name", ["account_signup", "account_reset_password"])
def test_pages_for_visitors(page: Page, steps: Steps, url_name):
    page.goto(reverse(url_name))
    expect(page.locator("main form")).to_be_visible()
    steps.shot(page, url_name)
    axe_check(page, steps, url_name)
    responsive_check(page, steps, url_name)


def test_access_request_form_and_its_errors(page: Page, steps: Steps):
    hauts_de_france_communes()
    user = verified_user()
    log_in(page, email=user.email, next_url=reverse("portal:access_request"))
    page_check(page, steps, "access-request")
    page.locator("input[name=siret]").fill("12345678901234")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    expect(page.locator("input[name=siret]")).to_have_value("12345678901234")
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    page_check(page, steps, "access-request-errors")


def test_unconfirmed_address_is_asked_to_confirm(page: Page, steps: Steps):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    # Confirmation is mandatory: the login itself stops at allauth's page that sends the link again.
    with pytest.raises(AssertionError, match="confirm-email"):
        log_in(page, email=user.email, next_url=reverse("portal:access_request"))
    assert page.url.endswith(reverse("account_email_verification_sent"))
    expect(page.locator("main")).to_contain_text(user.email)
    page.goto(reverse("portal:access_request"))
    assert reverse("account_login") in page.url  # not logged in: nothing of the portal opens
    page_check(page, steps, "confirm-address")


def test_member_pages(page: Page, steps: Steps, member):
    log_in(page, email=member.email, next_url=reverse("portal:team"))
    expect(page.locator("main")).to_contain_text("collegue@artois.example")
    page_check(page, steps, "team")
    page.goto(reverse("portal:notice_settings"))
    page_check(page, steps, "notice-settings")
    page.goto(reverse("mfa_index"))
    expect(page.locator("main")).to_be_visible()
    page_check(page, steps, "two-factor")


def test_invitation_page(page: Page, steps: Steps):
    employer = EmployerFactory(legal_name="Logistique du Hainaut")
    EmployerInvitationFactory(employer=employer, email="nouvelle@hainaut.example", token=TOKEN)
    invited = verified_user(email="nouvelle@hainaut.example")
    log_in(page, email=invited.email, next_url=reverse("portal:access_request"))
    # The link as the e-mail gives it: the token after "#", which the page's script posts, then leaves the address.
    page.goto(f"{reverse('portal:invitation_accept')}#{TOKEN}")
    expect(page.locator("main")).to_contain_text("Logistique du Hainaut")
    assert TOKEN not in page.url
    page_check(page, steps, "invitation")


def test_need_form_shown_again_with_its_errors(page: Page, steps: Steps, member):
    hauts_de_france_communes()
    OccupationFactory()
    need = StaffingNeedFactory(employer=member.memberships.get().employer)
    log_in(page, email=member.email, next_url=reverse("portal:need_edit", args=[need.pk, "job"]))
    page.locator("#id_occupation").fill("Astronaute lunaire")
    page.locator("#id_headcount").fill("0")
    with page.expect_navigation():
        page.locator("button[name=stay]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_occupation")).to_have_value("Astronaute lunaire")
    page_check(page, steps, "need-job-errors")
