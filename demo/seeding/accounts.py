"""Demo platforms and demo logins, found again by slug and e-mail so that a second run adds nothing.

Every demo login created by one run shares the password ``demo_seed`` is given (random unless set by
``DEMO_PASSWORD``); a login already there keeps its own. Advisors and managers get the "Platform staff" group,
which lets them use the admin and read sensitive situations; employer members get no admin access. The Region's
observers read the territorial reports; a Mission Locale's advisor proposes people to the first platform.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.enums import MembershipRole, PartnerKind
from accounts.models import Membership, PartnerOrganisation, Platform, User
from accounts.services import platform_staff_group_ensure
from demo.seeding.names import FIRST_NAMES, LAST_NAMES
from demo.seeding.snapshot import PlatformPlan
from employers.models import Employer

SUPERUSER_EMAIL = "admin@tremplin.example"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    scope: str
    created: bool


def _user_ensure(email: str, *, password_hash: str, superuser: bool = False, **fields) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    if superuser:
        user = User.objects.create_superuser(email, None, **fields)
    else:
        user = User.objects.create_user(email, None, **fields)
    # One hash shared by every login: hashing costs about a second per call.
    user.password = password_hash
    user.save(update_fields=["password"])
    return user, True


def demo_platforms_ensure(
    plans: tuple[PlatformPlan, ...], *, epci_ids: dict[str, int], commune_ids: dict[str, int]
) -> tuple[list[Platform], int]:
    """The platforms of the plan, in plan order, and how many were created now."""
    platforms, created = [], 0
    for plan in plans:
        platform = Platform.objects.filter(slug=plan.spec.slug).first()
        if platform is None:
            platform = Platform.objects.create(
                slug=plan.spec.slug, name=plan.spec.name, business_cochair=plan.spec.business_cochair
            )
            platform.epcis.add(*(epci_ids[code] for code in plan.epci_codes))
            platform.communes.add(*(commune_ids[code] for code in plan.commune_codes))
            created += 1
        platforms.append(platform)
    return platforms, created


def demo_staff_logins_ensure(
    plans: tuple[PlatformPlan, ...], platforms: list[Platform], *, password_hash: str
) -> tuple[list[User], list[DemoLogin]]:
    """The superuser, then one advisor and one manager per platform. Returns the advisors in platform order."""
    _user, created = _user_ensure(
        SUPERUSER_EMAIL, password_hash=password_hash, superuser=True, first_name="Admin", last_name="Tremplin"
    )
    logins = [DemoLogin(SUPERUSER_EMAIL, "superuser", "all platforms", created)]
    group = platform_staff_group_ensure()
    advisors = []
    for k, (plan, platform) in enumerate(zip(plans, platforms, strict=True)):
        for role, prefix in ((MembershipRole.ADVISOR, "conseiller"), (MembershipRole.MANAGER, "manager")):
            email = f"{prefix}.{plan.spec.short}@tremplin.example"
            offset = 2 * k + (role == MembershipRole.MANAGER)
            user, created = _user_ensure(
                email,
                password_hash=password_hash,
                is_staff=True,
                first_name=FIRST_NAMES[(37 * offset + 5) % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(53 * offset + 11) % len(LAST_NAMES)],
            )
            user.groups.add(group)
            Membership.objects.get_or_create(user=user, platform=platform, defaults={"role": role})
            logins.append(DemoLogin(email, str(role.label), platform.name, created))
            if role == MembershipRole.ADVISOR:
                advisors.append(user)
    return advisors, logins


def demo_employer_logins_ensure(members: Iterable[tuple[Employer, str]], *, password_hash: str) -> list[DemoLogin]:
    """One employer member per (employer, slug): recrutement@<slug>.example."""
    logins = []
    for employer, slug in members:
        email = f"recrutement@{slug}.example"
        user, created = _user_ensure(email, password_hash=password_hash, first_name="Service", last_name="Recrutement")
        Membership.objects.get_or_create(
            user=user, role=MembershipRole.EMPLOYER_MEMBER, defaults={"employer": employer}
        )
        logins.append(DemoLogin(email, str(MembershipRole.EMPLOYER_MEMBER.label), employer.legal_name, created))
    return logins


REGION_OBSERVER_EMAIL = "region@tremplin.example"
PARTNER_ADVISOR_EMAIL = "conseil@mission-locale.example"


def demo_network_logins_ensure(
    platforms: list[Platform], *, departement_code: str, password_hash: str
) -> list[DemoLogin]:
    """The Region's observer (every platform), the observer of ``departement_code`` (when given), and a Mission
    Locale working with the first platform, with one advisor. Like staff, they set up their second factor at their
    first login."""
    logins = []
    observers = [(REGION_OBSERVER_EMAIL, "", "region")]
    if departement_code:
        email = f"departement.{departement_code}@tremplin.example"
        observers.append((email, departement_code, f"département {departement_code}"))
    for email, departement, scope in observers:
        user, created = _user_ensure(email, password_hash=password_hash, first_name="Suivi", last_name="Région")
        Membership.objects.get_or_create(
            user=user, role=MembershipRole.REGION_OBSERVER, defaults={"departement_code": departement}
        )
        logins.append(DemoLogin(email, str(MembershipRole.REGION_OBSERVER.label), scope, created))
    partner, _created = PartnerOrganisation.objects.get_or_create(
        name=f"Mission Locale — {platforms[0].name}", defaults={"kind": PartnerKind.MISSION_LOCALE}
    )
    partner.platforms.add(platforms[0])
    user, created = _user_ensure(
        PARTNER_ADVISOR_EMAIL, password_hash=password_hash, first_name="Conseil", last_name="Mission Locale"
    )
    Membership.objects.get_or_create(user=user, role=MembershipRole.PARTNER_ADVISOR, defaults={"partner": partner})
    logins.append(DemoLogin(PARTNER_ADVISOR_EMAIL, str(MembershipRole.PARTNER_ADVISOR.label), partner.name, created))
    return logins
