"""A need's changes with the matching work each calls for: the services every front door calls to change a need.

``employers.services`` stores a need and holds its rules (which transitions are allowed, which needs may still be
edited); matching sits above it, so it is here that a published or changed need requests a run, a headcount change
allocates the need's proposals again and a need that stops being open withdraws its proposals. The portal, the API,
the admin and the presentation workflow call these, never the employers services directly, so that the same change
does the same work whichever door it comes through.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from employers import services as employer_services
from employers.enums import NeedStatus
from employers.models import Site, StaffingNeed
from employers.services import LanguageRequirement
from matching.enums import RunScope
from matching.services.proposals import proposals_withdraw
from matching.services.runs import match_run_request
from referentials.models import Skill


def need_matching_changed(*, need: StaffingNeed, by: User | None) -> None:
    """An open need was published or changed: its suggestions are computed again, after commit."""
    if need.status == NeedStatus.OPEN:
        match_run_request(scope=RunScope.NEED, need=need, by=by)


@transaction.atomic
def need_status_change(*, need: StaffingNeed, to_status: str, by: User | None, reason: str = "") -> StaffingNeed:
    """Move the need (``employers.services.need_status_change``): an opened need is matched again, a need in any
    other status proposes no one."""
    need = employer_services.need_status_change(need=need, to_status=to_status, by=by, reason=reason)
    if to_status == NeedStatus.OPEN:
        need_matching_changed(need=need, by=by)
    else:
        proposals_withdraw(need=need)
    return need


def need_publish(*, need: StaffingNeed, by: User | None) -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.OPEN, by=by)


def need_pause(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    """Stop matching for a while: candidates not yet presented are withdrawn; publishing again resumes."""
    return need_status_change(need=need, to_status=NeedStatus.PAUSED, by=by, reason=reason)


def need_close(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CLOSED, by=by, reason=reason)


def need_cancel(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CANCELLED, by=by, reason=reason)


@transaction.atomic
def need_details_save(*, need: StaffingNeed, new_site: Site | None = None, by: User | None) -> StaffingNeed:
    """Store a need's details (``employers.services.need_details_save``, which refuses a need no longer editable).

    An open need is matched again when a field the score reads changed, or its headcount: the number of
    suggestions kept and of proposals follows the openings left.
    """
    saved = employer_services.need_details_save(need=need, new_site=new_site, by=by)
    if saved.changes_score or saved.changes_headcount:
        need_matching_changed(need=saved.need, by=by)
    return saved.need


@transaction.atomic
def need_requirements_replace(
    *,
    need: StaffingNeed,
    skills: Iterable[tuple[Skill, str]],
    languages: Iterable[LanguageRequirement],
    by: User | None,
) -> StaffingNeed:
    """Replace the need's skills and languages (``employers.services``); an open need is matched again."""
    need = employer_services.need_requirements_replace(need=need, skills=skills, languages=languages, by=by)
    need_matching_changed(need=need, by=by)
    return need


@transaction.atomic
def need_training_save(
    *,
    need: StaffingNeed,
    training_skills: Iterable[Skill],
    waves: Iterable[tuple[datetime.date, int]],
    by: User | None,
    mrs_skills: Iterable[Skill] = (),
) -> StaffingNeed:
    """Store the training, conditions and waves (``employers.services``); an open need is matched again."""
    need = employer_services.need_training_save(
        need=need, training_skills=training_skills, waves=waves, by=by, mrs_skills=mrs_skills
    )
    need_matching_changed(need=need, by=by)
    return need
