"""Who may see what: the platforms and employers a user's memberships reach.

Selectors and admin querysets call these helpers so that scoping has one
definition. A superuser reaches everything.
"""

from django.db.models import Q, QuerySet

from accounts.enums import MembershipRole
from accounts.models import Membership, User


def platform_ids_for(user: User) -> set[int]:
    """The platforms on which the user is an advisor or a manager."""
    if not user.is_authenticated:
        return set()
    # Asked many times while one request is served: remember the answer on the user object of that request.
    if not hasattr(user, "_tremplin_platform_ids"):
        user._tremplin_platform_ids = set(
            Membership.objects.filter(user=user, role__in=MembershipRole.platform_roles()).values_list(
                "platform_id", flat=True
            )
        )
    return user._tremplin_platform_ids


def employer_ids_for(user: User) -> set[int]:
    """The employer the user is a member of, as a set (empty or one element)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role=MembershipRole.EMPLOYER_MEMBER).values_list("employer_id", flat=True)
    )


def is_platform_staff(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or platform_ids_for(user)))


def scope_to_platforms(queryset: QuerySet, user: User, *, platform_path: str = "platform") -> QuerySet:
    """Restrict a queryset to the rows of the user's platforms; everything for a superuser."""
    if user.is_superuser:
        return queryset
    lookup = "pk__in" if platform_path == "pk" else f"{platform_path}__in"
    return queryset.filter(Q(**{lookup: platform_ids_for(user)}))


def manager_platform_ids_for(user: User) -> set[int]:
    """The platforms the user manages."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values_list("platform_id", flat=True))
