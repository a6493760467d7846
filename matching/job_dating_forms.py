"""Reading a ranking typed in a page: one rank box per choice, blank for a choice left unranked.

Shared by the staff page and the portal, so that both read what was typed the same way; the rules on the ranks
themselves (1 to n, no gap, no repeat) are the service's.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_RANK = 999


def rank_field_name(item_id: int) -> str:
    return f"rank-{item_id}"


def ranks_read(data: Mapping[str, str], item_ids: Iterable[int]) -> dict[int, int]:
    """{item id: rank} from the boxes ``rank-<id>`` of ``data``; a blank box leaves the item unranked."""
    ranks: dict[int, int] = {}
    for item_id in item_ids:
        typed = str(data.get(rank_field_name(item_id), "")).strip()
        if not typed:
            continue
        if not typed.isdigit() or not 1 <= int(typed) <= MAX_RANK:
            raise ValidationError(
                {
                    "rank": _("A rank is a whole number from 1 to %(max)s; “%(typed)s” is not.")
                    % {"max": MAX_RANK, "typed": typed[:20]}
                },
                code="rank_not_a_number",
            )
        ranks[item_id] = int(typed)
    return ranks
