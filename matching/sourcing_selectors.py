"""Reads of a need's sourcing check: the counts employers and staff see before publishing, and the near misses staff
may contact.

The check itself is computed by a worker (``matching.services.sourcing``) and stored in ``NeedSourcing`` and
``NearMiss``. Counts name no one and may be shown to the need's employer. Near misses are people: staff see those of
their own platforms only (a superuser, everyone); other platforms' near misses are counted, never listed.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import scope_to_platforms
from accounts.models import User
from employers.models import StaffingNeed
from matching.models import NearMiss, NeedSourcing
from matching.reasons import NearMissCount, near_miss_counts_worded, requirement_labels_load, requirement_text

NEAR_MISSES_PER_PAGE = 50
# How long a requested check is shown as being computed before the page stops waiting for it.
SOURCING_WAIT = datetime.timedelta(minutes=10)


def _requested_key(need_id: int) -> str:
    return f"need-sourcing-requested:{need_id}"


def need_sourcing_requested_at(*, need_id: int) -> datetime.datetime | None:
    """When a check of the need was last asked for (kept ``SOURCING_WAIT``, in the cache: it names no one)."""
    stamp = cache.get(_requested_key(need_id))
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC) if stamp else None


def need_sourcing_requested_mark(*, need_id: int) -> None:
    """Remember that a check of the need was asked for now, so that pages wait for it."""
    cache.set(_requested_key(need_id), timezone.now().timestamp(), int(SOURCING_WAIT.total_seconds()))


@dataclass(frozen=True)
class SourcingCheck:
    """What the sourcing check of a need says, worded: counts only, no one named.

    ``is_pending``: the stored check is older than the need's last change (or than the last request), or there is
    none yet, and a worker is expected to store one (``is_waiting``) or not anymore (the page offers to check again).
    """

    need: StaffingNeed
    sourcing: NeedSourcing | None
    counts: list[NearMissCount]
    is_pending: bool
    is_waiting: bool

    @property
    def top(self) -> NearMissCount | None:
        """The requirement that removes the most people."""
        return self.counts[0] if self.counts else None


def need_sourcing_check(*, need: StaffingNeed) -> SourcingCheck:
    """The need's stored check and whether a newer one is awaited; one query, and one per kind of item named."""
    sourcing = NeedSourcing.objects.filter(need=need).first()
    requested_at = need_sourcing_requested_at(need_id=need.pk)
    changed_at = max(filter(None, [need.updated_at, requested_at]))
    is_pending = sourcing is None or sourcing.computed_at < changed_at
    is_waiting = is_pending and timezone.now() - changed_at < SOURCING_WAIT
    counts = near_miss_counts_worded(need=need, near_misses=sourcing.near_misses) if sourcing else []
    return SourcingCheck(need=need, sourcing=sourcing, counts=counts, is_pending=is_pending, is_waiting=is_waiting)


# --- Near misses for staff --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NearMissRow:
    near_miss: NearMiss
    requirement: str


@dataclass(frozen=True)
class NearMissPage:
    page: Page
    rows: list[NearMissRow]
    others_count: int  # near misses of other platforms' candidates: counted, never listed


def near_misses_for_staff(*, need: StaffingNeed, user: User) -> QuerySet[NearMiss]:
    """The need's near misses whose candidate is of the user's platforms (every one for a superuser), by requirement
    then name. The need is one the user may review (``review_selectors.need_for_review``)."""
    listed = scope_to_platforms(NearMiss.objects.filter(need=need), user, platform_path="candidate__platform")
    return listed.select_related("candidate").order_by(
        "requirement", "requirement_id", "candidate__last_name", "candidate__first_name", "pk"
    )


def near_miss_others_count(*, need: StaffingNeed, listed_count: int) -> int:
    """How many near misses of the need are not listed to the user (other platforms' candidates)."""
    return NearMiss.objects.filter(need=need).count() - listed_count


def near_miss_rows_build(*, need: StaffingNeed, near_misses: list[NearMiss]) -> list[NearMissRow]:
    """Rows for these near misses (a page of them), each with the requirement missed worded: one query per kind of
    item named."""
    labels = requirement_labels_load((item.requirement, item.requirement_id) for item in near_misses)
    return [
        NearMissRow(
            near_miss=item,
            requirement=requirement_text(code=item.requirement, item_id=item.requirement_id, need=need, labels=labels),
        )
        for item in near_misses
    ]


def near_miss_page_for_staff(
    *, need: StaffingNeed, user: User, page_number: object = 1, per_page: int = NEAR_MISSES_PER_PAGE
) -> NearMissPage:
    """A page of ``near_misses_for_staff`` as rows, and how many other platforms' near misses there are: a fixed
    number of queries whatever their number."""
    page = Paginator(near_misses_for_staff(need=need, user=user), per_page).get_page(page_number)
    rows = near_miss_rows_build(need=need, near_misses=list(page.object_list))
    others_count = near_miss_others_count(need=need, listed_count=page.paginator.count)
    return NearMissPage(page=page, rows=rows, others_count=others_count)
