"""Who may see what: the platforms and employers a user's memberships reach.

Selectors and admin querysets call these helpers so that scoping has one
definition. A superuser reaches everything.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.enums import MembershipRole
from accounts.models import Membership, User


def _memberships(user: User) -> list[tuple[str, int | None, int | None, int | None, str]]:
    """The user's memberships as (role, platform id, employer id, partner id, département code), read once per user
    object.

    Asked several times while one request is served (the two-factor middleware, the view, its selectors): one query
    answers them all, remembered on the user object of that request.
    """
    if not hasattr(user, "_tremplin_memberships"):
        user._tremplin_memberships = list(
            Membership.objects.filter(user=user)
            .order_by()
            .values_list("role", "platform_id", "employer_id", "partner_id", "departement_code")
        )
    return user._tremplin_memberships


def platform_ids_for(user: User) -> set[int]:
    """The platforms on which the user is an advisor or a manager."""
    if not user.is_authenticated:
        return set()
    roles = MembershipRole.platform_roles()
    return {platform_id for role, platform_id, *_ in _memberships(user) if role in roles and platform_id is not None}


def employer_id_for(user: User) -> int | None:
    """The employer the user is a member of (one at most, a constraint of ``Membership``); ``None`` for anyone else.

    The one answer to "whose member is this user": every door asks it. ``None`` for staff, whatever their
    memberships: platform staff never act for an employer (``employers.joining.employer_joining_refusal``), and a
    membership obtained before that rule grants nothing.
    """
    if not user.is_authenticated or user.is_staff or user.is_superuser or platform_ids_for(user):
        return None
    employer_ids = [
        employer_id
        for role, _, employer_id, *_ in _memberships(user)
        if role == MembershipRole.EMPLOYER_MEMBER and employer_id is not None
    ]
    return min(employer_ids, default=None)


def partner_id_for(user: User) -> int | None:
    """The partner organisation the user advises for (one at most, a constraint of ``Membership``); ``None`` for
    anyone else.

    A partner advisor is never platform staff nor an employer member: a user who holds one of those roles (or the
    ``is_staff`` flag) as well acts for no partner, whatever their memberships, so that no door mixes the two.
    """
    if not user.is_authenticated or user.is_staff or user.is_superuser or platform_ids_for(user):
        return None
    memberships = _memberships(user)
    if any(role == MembershipRole.EMPLOYER_MEMBER for role, *_ in memberships):
        return None
    partner_ids = [
        partner_id
        for role, _, _, partner_id, _ in memberships
        if role == MembershipRole.PARTNER_ADVISOR and partner_id is not None
    ]
    return min(partner_ids, default=None)


def is_platform_staff(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or platform_ids_for(user)))


def scope_to_platforms(queryset: QuerySet, user: User, *, platform_path: str = "platform") -> QuerySet:
    """Restrict a queryset to the rows of the user's platforms; everything for a superuser."""
    if user.is_superuser:
        return queryset
    lookup = "pk__in" if platform_path == "pk" else f"{platform_path}__in"
    return queryset.filter(Q(**{lookup: platform_ids_for(user)}))


class PlatformScopedQuerySet(QuerySet):
    """Rows that belong to a platform through ``platform_path``; ``for_platform_staff`` keeps those a user may see.

    The models' managers are built from it (``Candidate.objects.for_platform_staff(user)``), so that selectors, the
    API and the admin scope a model the same way without spelling its path to the platform.
    """

    platform_path = "platform"

    def for_platform_staff(self, user: User) -> "PlatformScopedQuerySet":
        """The rows of the user's platforms (as advisor or manager); every row for a superuser, none for others."""
        return scope_to_platforms(self, user, platform_path=self.platform_path)


def manager_platform_ids_for(user: User) -> set[int]:
    """The platforms the user manages."""
    if not user.is_authenticated:
        return set()
    return {
        platform_id
        for role, platform_id, *_ in _memberships(user)
        if role == MembershipRole.MANAGER and platform_id is not None
    }


def is_staff_of_platform(user: User, platform_id: int) -> bool:
    """Whether the user is an advisor or a manager of this platform (read once per user object)."""
    return platform_id in platform_ids_for(user)


def platform_staff_choices() -> Q:
    """Users who are an advisor or a manager of some platform: who may follow candidates (``limit_choices_to``)."""
    return Q(
        Exists(Membership.objects.filter(user=OuterRef("pk"), role__in=MembershipRole.platform_roles()).order_by())
    )


def platform_staff_of(platform_ids: set[int] | None) -> QuerySet[User]:
    """The advisors and managers of these platforms (of every platform for ``None``)."""
    memberships = Membership.objects.filter(user=OuterRef("pk"), role__in=MembershipRole.platform_roles())
    if platform_ids is not None:
        memberships = memberships.filter(platform_id__in=platform_ids)
    return User.objects.filter(Exists(memberships.order_by()))


@dataclass(frozen=True)
class ReportScope:
    """What a user may read of the territorial reports: counts over some platforms and départements, never a person.

    ``platform_ids`` is None for every platform; ``departement_code`` empty for every département.
    """

    platform_ids: frozenset[int] | None
    departement_code: str = ""

    @property
    def key(self) -> str:
        """The scope in a cache key: its platforms ("all", or their ids) and its département."""
        platforms = "all" if self.platform_ids is None else ",".join(map(str, sorted(self.platform_ids)))
        return f"{platforms}:{self.departement_code}"


def region_observer_departement(user: User) -> str | None:
    """The département a region observer reads ("" for the whole region); ``None`` for anyone else."""
    if not user.is_authenticated:
        return None
    codes = [code for role, *_, code in _memberships(user) if role == MembershipRole.REGION_OBSERVER]
    return min(codes, default=None)


def is_region_observer(user: User) -> bool:
    return region_observer_departement(user) is not None


def report_scope_for(user: User) -> ReportScope | None:
    """The reports' scope: the whole region for a superuser, the observer's territory, the staff's own platforms;
    ``None`` for anyone else (employer members, partners, anonymous)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ReportScope(platform_ids=None)
    departement = region_observer_departement(user)
    if departement is not None:
        return ReportScope(platform_ids=None, departement_code=departement)
    platforms = platform_ids_for(user)
    return ReportScope(platform_ids=frozenset(platforms)) if platforms else None
