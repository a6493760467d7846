"""The log of who viewed or changed a candidate's personal data (RGPD): written here, read by managers.

A profile opened, changed, exported or revealed is one entry per candidate (``personal_data_access_record``). A
list is one entry for the whole list (``personal_data_list_record``, ``Action.LISTED``), with the page's name and
its filter codes: logging every row listed made the log thousands of entries an hour for one advisor, which no
manager could read. The context holds codes only (a page name, ids, choices), never a searched text or a name: the
helper keeps the keys it knows and drops any value that is not a short code.
"""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import PersonalDataAccess

LIST_PAGES = {
    "need_review": _("Review of a need"),
    "board": _("Board of a need"),
    "near_misses": _("Near misses of a need"),
    "hand_offs": _("Hand-offs between platforms"),
    "to_do": _("To-do page"),
    "api_candidates": _("Candidates (API)"),
    "api_suggestions": _("Suggestions of a need (API)"),
    "api_presentations": _("Presentations (API)"),
    "api_pool": _("Pool of a need (API)"),
    "api_near_misses": _("Near misses of a need (API)"),
    "api_hand_offs": _("Hand-offs (API)"),
    "job_dating": _("Job dating of a session"),
    "api_job_dating": _("Job dating of a session (API)"),
    "session_seats": _("People of a collective session"),
    "candidate_search": _("Candidate search"),
    "referrals": _("Partners' proposals"),
    "partner_referrals": _("A partner's proposals"),
}
"""The lists whose viewing is logged, by the code kept in the entry's context."""

FILTER_LABELS = {
    "need": _("need"),
    "session": _("session"),
    "candidate": _("candidate number"),
    "wave": _("wave"),
    "page": _("page"),
    "proposed": _("proposed only"),
    "not_proposed": _("not proposed only"),
    "training": _("training needed only"),
    "min_score": _("minimum score"),
    "distance": _("distance"),
    "status": _("status"),
    "state": _("state"),
    "commune": _("commune"),
    "occupation": _("occupation"),
    "direction": _("direction"),
    "scope": _("scope"),
    "searched": _("searched"),
    "skills": _("skills"),
}
"""The filters a list entry may keep; any other key is dropped."""

_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


def _filter_value(value: object) -> object | None:
    """A filter's value if it is a code (a number, a yes/no, a short word of letters, digits, ``_.-``); else None."""
    if isinstance(value, bool | int):
        return value
    if isinstance(value, str) and _CODE.match(value):
        return value
    return None


def list_context(*, page: str, filters: Mapping[str, object] | None = None) -> dict:
    """The context kept for a list viewed: its page's code and its filters that are codes, nothing else."""
    if page not in LIST_PAGES:
        raise ValueError(f"Unknown list page: {page}")
    kept = {}
    for key, value in sorted((filters or {}).items()):
        checked = _filter_value(value)
        if key in FILTER_LABELS and checked is not None and checked != "":
            kept[key] = checked
    return {"page": page, "filters": kept}


def list_context_display(context: Mapping[str, object]) -> str:
    """The context as a manager reads it: "Review of a need — need: 12, proposed only: yes"."""
    if not context:
        return ""
    page = context.get("page", "")
    label = str(LIST_PAGES.get(str(page), page))
    filters = context.get("filters") or {}
    shown = []
    for key, value in filters.items() if isinstance(filters, Mapping) else []:
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        shown.append(f"{FILTER_LABELS.get(key, key)}: {value}")
    return f"{label} — {', '.join(shown)}" if shown else label


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def personal_data_access_record(
    *, actor: User | None, candidate_ids: Iterable[int], action: str, fields: Iterable[str] = ()
) -> int:
    """Record one access per candidate; return how many were recorded.

    For what is done to each profile: opened (``OPENED``), changed, exported, revealed to an employer, imported or
    merged. A list of candidates is ``personal_data_list_record``.
    """
    names = sorted(set(fields))
    rows = [
        PersonalDataAccess(
            candidate_id=candidate_id,
            candidate_number=candidate_id,
            actor=_actor(actor),
            action=action,
            fields=names,
        )
        for candidate_id in sorted(set(candidate_ids))
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def personal_data_list_record(
    *, actor: User | None, page: str, filters: Mapping[str, object] | None = None
) -> PersonalDataAccess:
    """Record one entry for a list of candidates viewed (``LISTED``), with its page and filter codes.

    Whatever the number of rows, and whether or not the page shows any: a manager reads who browsed which list.
    """
    return PersonalDataAccess.objects.create(
        candidate=None,
        candidate_number=None,
        actor=_actor(actor),
        action=PersonalDataAccess.Action.LISTED,
        context=list_context(page=page, filters=filters),
    )
