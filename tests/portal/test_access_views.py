"""Employers' access to the portal: sign-up, the access request an advisor decides, invitations of colleagues."""

import datetime
import hashlib
import re
from html import unescape

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import AccessRequestStatus, MembershipRole
from accounts.models import EmployerAccessRequest, EmployerInvitation, Membership
from config.settings.base import mailers_from_url
from employers.invitations import invitation_accept, invitation_send
from employers.joining import access_request_approve, access_request_submit
from employers.models import Employer
from notifications.models import Notice
from referentials.models import Epci, PostalCode
from tests.accounts.factories import (
    PASSWORD,
    AdvisorFactory,
    EmployerAccessRequestFactory,
    EmployerInvitationFactory,
    MembershipFactory,
    PlatformFactory,
    UserFactory,
)
from tests.employers.factories import EmployerFactory
from tests.referentials.factories import CommuneFactory

pytestmark = pytest.mark.django_db

UNKNOWN_SIRET = "73282932000074"
CONFIRM_FIRST = (
    "Confirm your e-mail address first: open the link of the e-mail we sent you, then open the invitation again."
)


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth's rate limits live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def text(message: str, **params) -> str:
    """A message as the pages show it, in the language they are served in."""
    with translation.override(settings.LANGUAGE_CODE):
        translated = translation.gettext(message)
    return translated % params if params else translated


def html(message: str, **params) -> str:
    """A message as a page shows it, to look for in ``unescape(page.text)``: {% translate %} leaves apostrophes as
    they are, while a message rendered with {{ }} has them escaped."""
    return text(message, **params)


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def member_of(employer, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def is_member(user, employer) -> bool:
    return Membership.objects.filter(user=user, employer=employer, role=MembershipRole.EMPLOYER_MEMBER).exists()


@pytest.fixture
def lille(platform):
    """Lille, covered by ``platform`` through its EPCI."""
    epci = Epci.objects.create(code="200093201", name="Métropole Européenne de Lille", kind="ME")
    commune = CommuneFactory(insee_code="59350", name="Lille", epci=epci)
    PostalCode.objects.create(code="59000", commune=commune)
    platform.epcis.add(epci)
    return commune


@pytest.fixture
def employer_a(platform):
    return EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")


@pytest.fixture
def employer_b():
    return EmployerFactory(platform=PlatformFactory(), legal_name="Téléservices de Picardie")


@pytest.fixture
def member_a(employer_a):
    return member_of(employer_a, email="rh@centre-appels.example")


@pytest.fixture
def member_b(employer_b):
    return member_of(employer_b, email="rh@teleservices.example")


@pytest.fixture
def requester():
    return verified(UserFactory(email="direction@beffroi.example"))


def request_data(**overrides) -> dict[str, str]:
    return {
        "siret": UNKNOWN_SIRET,
        "legal_name": "Boulangerie du Beffroi",
        "job_title": "Gérante",
        "phone": "03 20 12 34 56",
        "commune": "59000 Lille",
    } | overrides


def approve_in_admin(client, access_request, **extra):
    data = {"action": "approve", ACTION_CHECKBOX_NAME: [access_request.pk]} | extra
    return client.post(reverse("admin:accounts_employeraccessrequest_changelist"), data)


def refuse_in_admin(client, access_request, **extra):
    data = {"action": "refuse", ACTION_CHECKBOX_NAME: [access_request.pk]} | extra
    return client.post(reverse("admin:accounts_employeraccessrequest_changelist"), data)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def open_invitation(client, token: str):
    """What the invitation page's script does with the link's fragment: post the token."""
    return client.post(reverse("portal:invitation_accept"), {"token": token})


# Sign-up and e-mail confirmation


def test_sign_up_asks_to_confirm_the_address_before_anything_else(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # allauth's e-mails leave once the sign-up commits
        response = client.post(
            reverse("account_signup"),
            {"email": "Direction@Beffroi.example", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    assert [message.to for message in mail.outbox] == [["direction@beffroi.example"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    page = client.get(reverse("portal:access_request"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("account_login"))


def test_the_button_sends_the_confirmation_link_again_through_allauth(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="direction@beffroi.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"email": user.email, "action_send": ""})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["direction@beffroi.example"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_following_the_confirmation_link_opens_the_request_form(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "direction@beffroi.example", "password1": PASSWORD, "password2": PASSWORD},
        )
    confirm_path = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)

    response = client.post(confirm_path, follow=True)

    assert EmailAddress.objects.get(email="direction@beffroi.example").verified is True
    assert response.redirect_chain[-1] == (reverse("portal:access_request"), 302)
    assert 'name="siret"' in response.text


def test_submitting_while_unconfirmed_records_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("portal:access_request"), request_data())
    assert response.status_code == 302
    assert not EmployerAccessRequest.objects.exists()


# The access request


@pytest.mark.parametrize(
    ("field", "value"), [("legal_name", "Boulangerie\u202eueirffeB"), ("job_title", "Gérante\nDirectrice")]
)
def test_a_company_name_or_job_title_with_hidden_characters_or_on_two_lines_is_refused(
    client, requester, lille, field, value
):
    client.force_login(requester)
    response = client.post(reverse("portal:access_request"), request_data(**{field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert not EmployerAccessRequest.objects.exists()


def test_a_wrong_siret_is_shown_on_its_field_and_what_was_typed_is_kept(client, requester, lille):
    client.force_login(requester)

    response = client.post(reverse("portal:access_request"), request_data(siret="12345678901234"))

    assert response.status_code == 200
    assert html("%(value)s is not a valid SIRET: its check digit is wrong.", value="12345678901234") in unescape(
        response.text
    )
    assert 'value="12345678901234"' in response.text
    assert 'value="Boulangerie du Beffroi"' in response.text
    assert 'value="59000 Lille"' in response.text
    assert 'id="id_siret_error"' in response.text
    assert 'aria-describedby="id_siret_helptext id_siret_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'href="#id_siret"' in response.text  # the summary links to the field
    assert not EmployerAccessRequest.objects.exists()


def test_a_commune_no_platform_covers_is_refused_on_its_field(client, requester):
    CommuneFactory(insee_code="80021", name="Amiens")
    client.force_login(requester)

    response = client.post(reverse("portal:access_request"), request_data(commune="80021"))

    assert response.status_code == 200
    message = "No Tremplin platform covers %(commune)s yet: your job centre can tell you who to contact."
    assert html(message, commune="Amiens") in unescape(response.text)
    assert 'id="id_commune_error"' in response.text
    assert not EmployerAccessRequest.objects.exists()


def test_a_known_siret_is_decided_by_the_employers_platform_and_approved_in_the_admin(
    client, requester, employer_a, platform, lille, django_capture_on_commit_callbacks
):
    other_platform_commune = CommuneFactory(insee_code="80021", name="Amiens")
    PlatformFactory().communes.add(other_platform_commune)
    client.force_login(requester)
    spaced = f"{employer_a.siret[:3]} {employer_a.siret[3:6]} {employer_a.siret[6:9]} {employer_a.siret[9:]}"

    response = client.post(reverse("portal:access_request"), request_data(siret=spaced, commune="80021"))

    assert response.status_code == 302
    access_request = EmployerAccessRequest.objects.get()
    assert (access_request.siret, access_request.employer, access_request.platform) == (
        employer_a.siret,
        employer_a,
        platform,
    )
    assert access_request.status == AccessRequestStatus.PENDING
    page = client.get(reverse("portal:access_request"))
    assert html("Your request is waiting for an advisor") in unescape(page.text)
    assert 'name="siret"' not in page.text

    advisor = AdvisorFactory(memberships__platform=platform)
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve_in_admin(client, access_request, index="0")

    assert response.status_code == 302
    assert is_member(requester, employer_a)
    access_request.refresh_from_db()
    assert (access_request.status, access_request.decided_by) == (AccessRequestStatus.APPROVED, advisor)
    assert access_request.decided_at is not None
    assert [message.to for message in mail.outbox] == [["direction@beffroi.example"]]
    assert "Centre d'appels du Nord" in mail.outbox[0].subject
    assert f"{settings.TREMPLIN_BASE_URL}/portal/" in mail.outbox[0].body

    client.force_login(requester)
    response = client.get(reverse("portal:home"))
    assert response.url == reverse("portal:overview")


def test_an_unknown_siret_goes_to_the_platform_of_the_commune_and_approval_asks_the_naf_code(
    client, requester, platform, lille, advisor, django_capture_on_commit_callbacks
):
    client.force_login(requester)
    client.post(reverse("portal:access_request"), request_data())
    access_request = EmployerAccessRequest.objects.get()
    assert (access_request.employer, access_request.platform, access_request.commune) == (None, platform, lille)

    client.force_login(advisor)
    page = approve_in_admin(client, access_request, index="0")
    assert page.status_code == 200
    assert f'name="request-{access_request.pk}-naf_code"' in page.text
    assert not Employer.objects.filter(siret=UNKNOWN_SIRET).exists()

    refused = approve_in_admin(
        client, access_request, confirm="yes", **{f"request-{access_request.pk}-naf_code": "8220"}
    )
    assert refused.status_code == 200
    assert html("A NAF code looks like 82.20Z.") in unescape(refused.text)
    assert not Employer.objects.filter(siret=UNKNOWN_SIRET).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = approve_in_admin(
            client, access_request, confirm="yes", **{f"request-{access_request.pk}-naf_code": "10.71c"}
        )

    assert done.status_code == 302
    employer = Employer.objects.get(siret=UNKNOWN_SIRET)
    assert (employer.legal_name, employer.naf_code, employer.platform) == (
        "Boulangerie du Beffroi",
        "10.71C",
        platform,
    )
    assert is_member(requester, employer)
    assert mail.outbox[-1].to == ["direction@beffroi.example"]


def test_refusing_asks_a_note_which_the_requester_reads(
    client, requester, employer_a, advisor, django_capture_on_commit_callbacks
):
    access_request = EmployerAccessRequestFactory(user=requester, employer=employer_a, platform=employer_a.platform)
    client.force_login(advisor)

    page = refuse_in_admin(client, access_request, index="0")
    assert page.status_code == 200
    assert 'name="note"' in page.text
    empty = refuse_in_admin(client, access_request, confirm="yes", note="  ")
    assert empty.status_code == 200
    assert EmployerAccessRequest.objects.get().status == AccessRequestStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = refuse_in_admin(client, access_request, confirm="yes", note="Ce SIRET est celui d'un autre site.")

    assert done.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSED
    assert access_request.decision_note == "Ce SIRET est celui d'un autre site."
    assert not is_member(requester, employer_a)
    assert mail.outbox[0].to == ["direction@beffroi.example"]
    assert "Ce SIRET est celui d'un autre site." in mail.outbox[0].body
    client.force_login(requester)
    page = client.get(reverse("portal:access_request"))
    assert "Ce SIRET est celui d&#x27;un autre site." in page.text
    assert 'name="siret"' in page.text  # a new request may be sent


def test_an_advisor_of_another_platform_neither_sees_nor_decides_the_request(client, requester, employer_a):
    access_request = EmployerAccessRequestFactory(user=requester, employer=employer_a, platform=employer_a.platform)
    stranger = AdvisorFactory(memberships__platform=PlatformFactory())
    client.force_login(stranger)

    changelist = client.get(reverse("admin:accounts_employeraccessrequest_changelist"))
    change = client.get(reverse("admin:accounts_employeraccessrequest_change", args=[access_request.pk]))
    approve_in_admin(client, access_request, index="0")

    assert changelist.status_code == 200
    assert access_request.legal_name not in changelist.text
    assert change.status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING
    assert not is_member(requester, employer_a)


def test_the_advisor_of_the_platform_sees_the_request_read_only(client, requester, employer_a, advisor):
    access_request = EmployerAccessRequestFactory(user=requester, employer=employer_a, platform=employer_a.platform)
    client.force_login(advisor)
    changelist = client.get(reverse("admin:accounts_employeraccessrequest_changelist"))
    change = client.get(reverse("admin:accounts_employeraccessrequest_change", args=[access_request.pk]))
    assert access_request.legal_name in changelist.text
    assert 'value="approve"' in changelist.text
    assert 'value="refuse"' in changelist.text
    assert change.status_code == 200
    assert 'name="legal_name"' not in change.text
    assert access_request.legal_name in change.text


def test_a_second_request_or_a_request_by_a_member_is_refused(requester, lille, member_a):
    access_request_submit(user=requester, **request_data(commune=lille))
    with pytest.raises(ValidationError) as waiting:
        access_request_submit(user=requester, **request_data(commune=lille))
    with pytest.raises(ValidationError) as member:
        access_request_submit(user=member_a, **request_data(commune=lille))
    assert waiting.value.messages == [text("You already have a request waiting for an advisor.")]
    assert member.value.messages == [text("You already belong to an employer on Tremplin.")]
    assert EmployerAccessRequest.objects.count() == 1


# Invitations


def test_a_member_invites_a_colleague_by_an_email_carrying_the_link(
    client, member_a, employer_a, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:team"), {"email": "Nouvelle.Collegue@Example.org"})

    assert response.status_code == 302
    assert response.url == reverse("portal:team")
    invitation = EmployerInvitation.objects.get()
    assert (invitation.employer, invitation.email, invitation.invited_by) == (
        employer_a,
        "nouvelle.collegue@example.org",
        member_a,
    )
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)
    assert [message.to for message in mail.outbox] == [["nouvelle.collegue@example.org"]]
    link = link_in(mail.outbox[0])
    address, token = link.split("#")
    # The token follows the "#", which browsers never send: no access log or proxy sees it.
    assert address == f"{settings.TREMPLIN_BASE_URL}{reverse('portal:invitation_accept')}"
    assert mail.outbox[0].body.count(token) == 2  # in the link, and as the code to type if the page asks for it
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    assert not EmployerInvitation.objects.filter(token_hash=token).exists()
    team = client.get(reverse("portal:team"))
    assert "nouvelle.collegue@example.org" in team.text
    assert reverse("portal:invitation_revoke", args=[invitation.pk]) in team.text


def test_inviting_a_current_member_is_refused_and_the_address_kept(client, member_a, employer_a):
    colleague = member_of(employer_a, email="compta@centre-appels.example")
    client.force_login(member_a)

    response = client.post(reverse("portal:team"), {"email": "Compta@Centre-Appels.example"})

    assert response.status_code == 200
    assert html("%(email)s is already a member of your team.", email=colleague.email) in unescape(response.text)
    assert 'value="Compta@Centre-Appels.example"' in response.text
    assert 'aria-describedby="id_email_helptext id_email_error"' in response.text
    assert not EmployerInvitation.objects.exists()


def test_a_waiting_invitation_is_not_sent_twice(member_a, employer_a):
    invitation_send(employer=employer_a, email="a@example.org", by=member_a)
    with pytest.raises(ValidationError):
        invitation_send(employer=employer_a, email="A@example.org", by=member_a)
    assert EmployerInvitation.objects.count() == 1


def test_an_expired_invitation_is_replaced_by_a_new_one(member_a, employer_a):
    old = EmployerInvitationFactory(employer=employer_a, email="a@example.org", expired=True)
    new = invitation_send(employer=employer_a, email="a@example.org", by=member_a)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.pk != old.pk
    assert new.revoked_at is None


def test_the_invited_person_accepts_and_becomes_a_member(client, employer_a):
    invitation = EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org", token="t" * 43)
    invitee = verified(UserFactory(email="nouvelle@example.org"))
    client.force_login(invitee)
    url = reverse("portal:invitation_accept")

    opened = open_invitation(client, "t" * 43)
    assert (opened.status_code, opened.url) == (302, url)
    page = client.get(url)
    assert page.status_code == 200
    assert "Centre d&#x27;appels du Nord" in page.text
    assert html("Accept the invitation") in unescape(page.text)
    response = client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("portal:need_list")
    assert is_member(invitee, employer_a)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None


def test_the_address_is_compared_without_case(employer_a):
    EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org", token="u" * 43)
    invitation = EmployerInvitationFactory(employer=employer_a, email="autre.nouvelle@example.org")
    invitee = verified(UserFactory(email="Autre.Nouvelle@Example.org"))
    invitation_accept(invitation=invitation, user=invitee)
    assert is_member(invitee, employer_a)


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        (
            "wrong_user",
            "This invitation was sent to another e-mail address. Log out, then sign up or log in with the address "
            "that received it.",
        ),
        ("expired", "This invitation expired on %(date)s. Ask your colleague to send you a new one."),
        ("revoked", "This invitation was withdrawn. Ask your colleague to send you a new one."),
        ("accepted", "This invitation was already accepted."),
        (
            "member_elsewhere",
            "You already belong to another employer on Tremplin: an account acts for one employer only.",
        ),
    ],
)
def test_an_invitation_that_cannot_be_accepted_says_why(client, employer_a, employer_b, situation, message):
    traits = {"expired": {"expired": True}, "revoked": {"revoked": True}}.get(situation, {})
    if situation == "accepted":
        first = member_of(employer_a)
        traits = {"accepted_at": timezone.now(), "accepted_by": first}
    invitation = EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org", token="v" * 43, **traits)
    user = verified(UserFactory(email="autre@example.org" if situation == "wrong_user" else "nouvelle@example.org"))
    if situation == "member_elsewhere":
        MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer_b, platform=None)
    client.force_login(user)
    url = reverse("portal:invitation_accept")

    open_invitation(client, "v" * 43)
    page = client.get(url)
    response = client.post(url)

    expected = html(message).split("%(")[0].strip()
    assert page.status_code == 200
    assert expected in unescape(page.text)
    assert html("Accept the invitation") not in unescape(page.text)
    assert response.status_code == 200
    assert expected in unescape(response.text)
    assert not is_member(user, employer_a)
    invitation.refresh_from_db()
    assert invitation.accepted_by_id == (first.pk if situation == "accepted" else None)


def test_someone_not_logged_in_signs_up_from_the_link_confirms_the_address_and_accepts(
    client, employer_a, django_capture_on_commit_callbacks
):
    EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org", token="w" * 43)
    url = reverse("portal:invitation_accept")

    assert 'id="invitation-open"' in client.get(url).text
    assert open_invitation(client, "w" * 43).url == url
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_signup')}?next=%2Fportal%2Finvitations%2F"
    with django_capture_on_commit_callbacks(execute=True):
        signup = client.post(
            response.url, {"email": "nouvelle@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert signup.status_code == 302
    assert signup.url == reverse("account_email_verification_sent")
    assert client.post(url).status_code == 302  # not logged in before the address is confirmed
    assert not Membership.objects.filter(user__email="nouvelle@example.org").exists()

    # The link, followed in the same browser, logs in and goes on to the invitation.
    confirm_path = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)
    confirmed = client.post(confirm_path)
    assert (confirmed.status_code, confirmed.url) == (302, url)
    accepted = client.post(url)

    assert accepted.status_code == 302
    assert Membership.objects.get(user__email="nouvelle@example.org").employer == employer_a


def test_an_unknown_token_is_refused_on_the_page(client, member_a):
    client.force_login(member_a)
    for token in ("inconnu", "x" * 500):
        response = open_invitation(client, token)
        assert response.status_code == 200
        assert html("This invitation link is not valid: check that it was copied whole.") in unescape(response.text)
    assert 'id="invitation-open"' in client.get(reverse("portal:invitation_accept")).text


def test_platform_staff_cannot_join_an_employer_by_invitation(client, employer_a):
    """An advisor of any platform, invited with their own confirmed address, is refused as their access request is:
    as a member they would read the employer's presentations, contacts included."""
    advisor = verified(AdvisorFactory(email="conseiller@plateforme-trois.example"))
    invitation = EmployerInvitationFactory(employer=employer_a, email=advisor.email, token="s" * 43)
    client.force_login(advisor)

    open_invitation(client, "s" * 43)
    page = client.get(reverse("portal:invitation_accept"))
    response = client.post(reverse("portal:invitation_accept"))

    refusal = html("Platform staff cannot act for an employer.")
    assert refusal in unescape(page.text)
    assert html("Accept the invitation") not in unescape(page.text)
    assert refusal in unescape(response.text)
    with pytest.raises(ValidationError, match=re.escape(text("Platform staff cannot act for an employer."))):
        invitation_accept(invitation=invitation, user=advisor)
    assert not is_member(advisor, employer_a)
    assert client.get(reverse("portal:access_request")).status_code == 404


def test_an_unconfirmed_address_cannot_accept_an_invitation(employer_a):
    invitation = EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org")
    user = UserFactory(email="nouvelle@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with pytest.raises(ValidationError, match=re.escape(text(CONFIRM_FIRST))):
        invitation_accept(invitation=invitation, user=user)
    assert not is_member(user, employer_a)


def test_the_invitation_token_never_travels_in_a_url(client, member_a, employer_a, django_capture_on_commit_callbacks):
    """From the e-mail to the acceptance, no address asked for or redirected to holds the token: access logs, proxies
    and Referer headers keep URLs."""
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:team"), {"email": "nouvelle@example.org"})
    link = link_in(mail.outbox[0])
    sent_address, token = link.split("#")
    invitee = verified(UserFactory(email="nouvelle@example.org"))
    client.force_login(invitee)

    urls = [sent_address.removeprefix(settings.TREMPLIN_BASE_URL)]
    page = client.get(urls[0])
    opened = open_invitation(client, token)
    urls.append(opened.url)
    shown = client.get(opened.url)
    accepted = client.post(opened.url)
    urls.append(accepted.url)

    assert 'id="invitation-open"' in page.text
    assert "Centre d&#x27;appels du Nord" in shown.text
    assert is_member(invitee, employer_a)
    assert all(token not in url for url in urls), urls
    assert token not in "".join(str(value) for value in client.session.values())


def test_an_advisor_cannot_approve_an_access_request_of_platform_staff(employer_a, platform):
    advisor = AdvisorFactory(memberships__platform=platform)
    requester = AdvisorFactory()
    access_request = EmployerAccessRequestFactory(user=requester, siret=employer_a.siret, employer=employer_a)
    access_request.platform = platform
    access_request.save()

    with pytest.raises(ValidationError) as refused:
        access_request_approve(request=access_request, by=advisor)
    assert refused.value.code == "platform_staff"
    assert not is_member(requester, employer_a)


def test_a_member_revokes_an_invitation_of_their_employer_only(client, member_a, member_b, employer_a):
    invitation = EmployerInvitationFactory(employer=employer_a)
    url = reverse("portal:invitation_revoke", args=[invitation.pk])

    client.force_login(member_b)
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    client.force_login(member_a)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("portal:team")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    team = client.get(reverse("portal:team")).text
    assert html("The invitation to %(email)s was withdrawn.", email=invitation.email) in unescape(team)
    assert url not in team
    assert html("No invitation waiting.") in unescape(team)


def test_revoking_an_unknown_invitation_is_not_found(client, member_a):
    client.force_login(member_a)
    assert client.post(reverse("portal:invitation_revoke", args=[999999])).status_code == 404


# Where people land


def test_home_sends_each_one_where_they_belong(client, member_a, advisor):
    anonymous = client.get(reverse("portal:home"))
    assert anonymous.url == f"{reverse('account_login')}?next=/portal/"

    client.force_login(UserFactory())
    assert client.get(reverse("portal:home")).url == reverse("portal:access_request")
    client.force_login(member_a)
    assert client.get(reverse("portal:home")).url == reverse("portal:overview")
    client.force_login(advisor)
    assert client.get(reverse("portal:home")).url == reverse("admin:index")


def test_logging_in_sends_staff_to_the_admin_and_others_to_the_portal(client, member_a):
    response = client.post(reverse("account_login"), {"login": member_a.email, "password": PASSWORD})
    assert response.url == reverse("portal:home")
    client.logout()
    staff = UserFactory(is_staff=True, totp=False)
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.url == reverse("admin:index")


# Every URL against every role


@pytest.fixture
def world(employer_a, member_a, member_b):
    invitation = EmployerInvitationFactory(employer=employer_a, email="nouvelle@example.org", token="z" * 43)
    return {
        "anonymous": None,
        "non_member": verified(UserFactory(email="candidat.employeur@example.org")),
        "member_a": member_a,
        "member_b": member_b,
        "invitation": invitation,
    }


def url_of(name: str, world) -> str:
    args = {"invitation_revoke": [world["invitation"].pk]}.get(name, [])
    return reverse(f"portal:{name}", args=args)


LOGIN = "login"
SIGNUP = "signup"
# (URL name, method) → what each role gets: a status code, or where a redirect leads.
EXPECTED = {
    ("home", "get"): {
        "anonymous": LOGIN,
        "non_member": "portal:access_request",
        "member_a": "portal:overview",
        "member_b": "portal:overview",
    },
    ("access_request", "get"): {
        "anonymous": LOGIN,
        "non_member": 200,
        "member_a": "portal:need_list",
        "member_b": "portal:need_list",
    },
    ("team", "get"): {"anonymous": LOGIN, "non_member": 404, "member_a": 200, "member_b": 200},
    ("invitation_revoke", "post"): {
        "anonymous": LOGIN,
        "non_member": 404,
        "member_a": "portal:team",
        "member_b": 404,
    },
    # Nothing opened yet: the page that asks for the token (its script reads it from the link's fragment).
    ("invitation_accept", "get"): {"anonymous": 200, "non_member": 200, "member_a": 200, "member_b": 200},
}
CASES = [(name, method, role) for (name, method), by_role in EXPECTED.items() for role in by_role]


@pytest.mark.parametrize(("name", "method", "role"), CASES, ids=["-".join(case) for case in CASES])
def test_every_url_against_every_role(client, world, name, method, role):
    if world[role] is not None:
        client.force_login(world[role])
    url = url_of(name, world)

    response = getattr(client, method)(url)

    expected = EXPECTED[(name, method)][role]
    if expected == LOGIN:
        assert (response.status_code, response.url) == (302, f"{reverse('account_login')}?next={url}")
    elif expected == SIGNUP:
        assert response.status_code == 302
        assert response.url.startswith(f"{reverse('account_signup')}?next=")
    elif isinstance(expected, str):
        assert (response.status_code, response.url) == (302, reverse(expected))
    else:
        assert response.status_code == expected


def test_each_member_sees_their_own_team_only(client, world, employer_a):
    client.force_login(world["member_b"])
    page_b = client.get(reverse("portal:team")).text
    client.force_login(world["member_a"])
    page_a = client.get(reverse("portal:team")).text

    assert "rh@teleservices.example" in page_b
    assert "rh@centre-appels.example" not in page_b
    assert "nouvelle@example.org" not in page_b
    assert "rh@centre-appels.example" in page_a
    assert "nouvelle@example.org" in page_a


def test_an_invitation_shown_to_someone_else_cannot_be_accepted_by_them(client, world, employer_a):
    for role in ("non_member", "member_a", "member_b"):
        client.force_login(world[role])
        open_invitation(client, "z" * 43)
        response = client.post(url_of("invitation_accept", world))
        assert response.status_code == 200
    assert EmployerInvitation.objects.get().accepted_at is None
    assert Membership.objects.filter(employer=employer_a).count() == 1


# Pages


def test_pages_for_people_who_are_not_members_yet_show_no_member_menu(client, requester):
    client.force_login(requester)
    page = client.get(reverse("portal:access_request")).text
    assert reverse("portal:need_list") not in page
    assert reverse("portal:team") not in page
    assert "<script>" not in page
    assert "style=" not in page
    assert "<style" not in page
    assert '<label for="id_siret">' in page


def test_team_page_reads_a_bounded_number_of_queries(client, member_a, employer_a, django_assert_max_num_queries):
    for index in range(5):
        member_of(employer_a)
        EmployerInvitationFactory(employer=employer_a, email=f"invite{index}@example.org")
    client.force_login(member_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:team"))
    assert response.status_code == 200
    assert response.text.count("invite") >= 5


# allauth's pages in the portal's layout


def test_allauth_layout_of_the_portal_is_the_one_found():
    """``accounts/templates/allauth/layouts/base.html`` wins only if ``accounts`` comes before ``allauth``."""
    from django.template.loader import get_template

    origin = get_template("allauth/layouts/base.html").origin.name
    assert origin.endswith("accounts/templates/allauth/layouts/base.html")


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
)
def test_allauth_pages_for_visitors_look_like_the_portal(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert 'class="portal-skip-link"' in response.text
    assert "/static/portal/portal.css" in response.text
    assert f'href="{reverse("account_signup")}"' in response.text
    assert reverse("portal:team") not in response.text  # no member menu
    assert "<style" not in response.text
    assert "style=" not in response.text


def test_login_page_keeps_its_labelled_fields(client):
    response = client.get(reverse("account_login"))
    assert 'name="login"' in response.text
    assert '<label for="id_login">' in response.text
    assert '<label for="id_password">' in response.text


def test_two_factor_pages_render_in_the_portal_layout(client, advisor):
    client.force_login(advisor)
    for url_name in ("mfa_index", "account_change_password", "account_email"):
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert 'class="portal-skip-link"' in response.text
        # Staff are led back to their own workspace, not to the employer portal.
        landing = get_adapter(response.wsgi_request).get_login_redirect_url(response.wsgi_request)
        assert f'href="{landing}">Espace des équipes</a>' in response.text


def test_an_invitation_stands_when_the_mail_server_is_out_of_reach_and_the_log_names_no_address(
    settings, caplog, django_capture_on_commit_callbacks
):
    """A real SMTP connection to a port nobody listens on: the invitation is saved, nothing is raised, its e-mail is
    kept for ``notices_retry``, and the error is logged with the notice's id, not the address (an SMTP error's
    message carries it)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{closed_port}")
    member = MembershipFactory(role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=None).user

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(
            employer=member.memberships.get().employer, email="zqinvitee@example.org", by=member
        )

    assert EmployerInvitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).exists()
    notice = Notice.objects.get(key=f"invitation:{invitation.pk}")
    assert (notice.sent_at, notice.attempts) == (None, 1)
    [record] = [record for record in caplog.records if "not sent" in record.getMessage()]
    assert record.getMessage() == f"Notice {notice.pk} not sent (attempt 1, ConnectionRefusedError): tried again later"
    assert "zqinvitee" not in caplog.text


def test_staff_who_joined_an_employer_before_the_check_reach_none_of_its_pages(client, employer_a):
    """A membership an advisor obtained before invitations refused staff grants nothing: the portal and the
    employer API scope to no employer for platform staff."""
    advisor = AdvisorFactory()
    MembershipFactory(user=advisor, role=MembershipRole.EMPLOYER_MEMBER, employer=employer_a, platform=None)
    client.force_login(advisor)

    assert client.get(reverse("portal:need_list")).status_code == 404
    assert client.get(reverse("portal:team")).status_code == 404
    assert client.get(reverse("portal:home")).url == reverse("admin:index")
