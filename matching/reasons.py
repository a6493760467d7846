"""Words for what the allocation and the sourcing check store as codes: why a suggestion is proposed or not, and
which requirement removes how many people. Reads only (the referentials' labels, the need's waves), never writes.

A positive-action reason names a priority group, and so tells something of the person's sensitive situation: it is
worded only for users allowed to read that candidate's sensitive situations (``may_read_sensitive_situation``).
Anyone else reads "Proposed" for it, and for a proposal on its score too, so that the difference between the two
cannot be read either.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from accounts.access import platform_ids_for
from accounts.models import User
from accounts.services import SENSITIVE_PERMISSION as SENSITIVE_SITUATION_PERMISSION
from employers.enums import ContractType, WorkingTime
from employers.models import StaffingNeed
from matching.engine.wave_reasons import (
    REASON_HOLDS_ELSEWHERE,
    REASON_OTHER_WAVE,
    REASON_POSITIVE_ACTION,
    REASON_SCORE,
    REASON_SLOTS_FILLED,
)
from matching.enums import PositiveActionGroup
from referentials.enums import EducationLevel
from referentials.models import Certification, Language, Skill

SENSITIVE_PERMISSION = f"candidates.{SENSITIVE_SITUATION_PERMISSION}"

# Requirements of ``NeedSourcing.near_misses`` and ``NearMiss.requirement`` that name an item (the others, see
# ``COUNT_SENTENCES``, name none).
ITEM_MODELS = {"skill": Skill, "language": Language, "certification": Certification}

# Reason codes of ``MatchSuggestion.reasons``: the engine's (``matching.engine.wave_reasons``) and those the
# allocation's service adds (``matching.services.proposals``).
REASON_DECLINED_FOR_WAVE = "declined_for_wave"
REASON_KEPT = "kept"
# What a user not allowed to read the person's sensitive situation is told of a proposal on its score or on a
# positive-action slot alike.
REASON_PROPOSED = "proposed"
PROPOSAL_REASONS = (REASON_SCORE, REASON_POSITIVE_ACTION)


def may_read_sensitive_situation(*, user: User, candidate_platform_id: int | None) -> bool:
    """Whether ``user`` may read the sensitive situation of a candidate of that platform: the rule of the staff
    workspace's sensitive-situation pages (``staff/admin/candidates.py``). A superuser may; platform staff holding
    the sensitive-data permission may for their own platforms' candidates only, never for another platform's (not
    even one handed off to them); nobody else may."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if candidate_platform_id is None or candidate_platform_id not in platform_ids_for(user):
        return False
    return user.has_perm(SENSITIVE_PERMISSION)


# --- Near misses ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementLabels:
    """Labels of the items that near misses name, by requirement code and id: ``labels["skill"][12]``."""

    items: dict[str, dict[int, str]] = field(default_factory=dict)

    def label(self, code: str, item_id: int | None) -> str:
        return self.items.get(code, {}).get(item_id or 0, "")


def requirement_labels_load(pairs: Iterable[tuple[str, int | None]]) -> RequirementLabels:
    """The labels of the items named by these (requirement code, id) pairs: one query per kind of item named."""
    wanted: dict[str, set[int]] = {}
    for code, item_id in pairs:
        if code in ITEM_MODELS and item_id:
            wanted.setdefault(code, set()).add(int(item_id))
    items = {
        code: dict(ITEM_MODELS[code].objects.filter(pk__in=ids).values_list("pk", "label"))
        for code, ids in wanted.items()
    }
    return RequirementLabels(items=items)


def _lowered(label: object) -> str:
    """A label inside a sentence: its first letter in lower case ("People under 26" → "people under 26")."""
    text = str(label)
    return text[:1].lower() + text[1:]


def _quoted(label: str) -> str:
    return _("‘%(label)s’") % {"label": label}


def _experience(years: int) -> str:
    return ngettext("%(years)s year's experience", "%(years)s years' experience", years) % {"years": years}


def requirement_text(*, code: str, item_id: int | None, need: StaffingNeed, labels: RequirementLabels) -> str:
    """The requirement itself, as a list of near misses names what each person misses: "the skill ‘encaissement’"."""
    label = labels.label(code, item_id)
    texts = {
        "occupation": lambda: _("the occupation sought"),
        "contract": lambda: _("the contract (%(contract)s)") % {"contract": ContractType(need.contract_type).label},
        "working_time": lambda: _("the working time (%(time)s)") % {"time": WorkingTime(need.working_time).label},
        "availability": lambda: _("availability in time"),
        "experience": lambda: _experience(need.minimum_experience_years),
        "education": lambda: _("the education asked for (%(level)s)") % {"level": _education(need)},
        "distance": lambda: _("the distance, beyond their own radius"),
        "certification": lambda: _("the certification %(label)s") % {"label": _quoted(label)},
        "language": lambda: _("the language %(label)s at the level asked") % {"label": _quoted(label)},
        "skill": lambda: _("the skill %(label)s") % {"label": _quoted(label)},
    }
    return texts[code]() if code in texts else _("another requirement")


def _education(need: StaffingNeed) -> str:
    level = need.minimum_education
    return str(EducationLevel(level).label) if level in EducationLevel.values else "—"


# How many people each requirement alone removes; the number is the ``count`` of the parameters.
COUNT_SENTENCES = {
    "occupation": ngettext_lazy(
        "%(count)s does not seek this occupation", "%(count)s do not seek this occupation", "count"
    ),
    "contract": ngettext_lazy(
        "%(count)s does not accept the contract: %(contract)s",
        "%(count)s do not accept the contract: %(contract)s",
        "count",
    ),
    "working_time": ngettext_lazy(
        "%(count)s does not accept the working time: %(time)s",
        "%(count)s do not accept the working time: %(time)s",
        "count",
    ),
    "availability": ngettext_lazy(
        "%(count)s is not available in time", "%(count)s are not available in time", "count"
    ),
    "experience": ngettext_lazy("%(count)s lacks %(experience)s", "%(count)s lack %(experience)s", "count"),
    "education": ngettext_lazy(
        "%(count)s lacks the education asked for (%(level)s)",
        "%(count)s lack the education asked for (%(level)s)",
        "count",
    ),
    "distance": ngettext_lazy(
        "%(count)s lives beyond their own radius", "%(count)s live beyond their own radius", "count"
    ),
    "certification": ngettext_lazy(
        "%(count)s lacks the certification %(label)s", "%(count)s lack the certification %(label)s", "count"
    ),
    "language": ngettext_lazy(
        "%(count)s lacks the language %(label)s at the level asked",
        "%(count)s lack the language %(label)s at the level asked",
        "count",
    ),
    "skill": ngettext_lazy("%(count)s lacks the skill %(label)s", "%(count)s lack the skill %(label)s", "count"),
}
OTHER_COUNT_SENTENCE = ngettext_lazy(
    "%(count)s misses another requirement", "%(count)s miss another requirement", "count"
)


def near_miss_count_text(
    *, code: str, item_id: int | None, count: int, need: StaffingNeed, labels: RequirementLabels
) -> str:
    """How many people a requirement alone removes, as a sentence: "17 lack the skill ‘encaissement’"."""
    params: dict[str, Any] = {"count": count}
    if code == "contract":
        params["contract"] = _lowered(ContractType(need.contract_type).label)
    elif code == "working_time":
        params["time"] = _lowered(WorkingTime(need.working_time).label)
    elif code == "experience":
        params["experience"] = _experience(need.minimum_experience_years)
    elif code == "education":
        params["level"] = _education(need)
    elif code in ITEM_MODELS:
        params["label"] = _quoted(labels.label(code, item_id))
    return str(COUNT_SENTENCES.get(code, OTHER_COUNT_SENTENCE) % params)


@dataclass(frozen=True)
class NearMissCount:
    code: str
    item_id: int
    count: int
    text: str


def near_miss_counts_worded(*, need: StaffingNeed, near_misses: list[dict[str, Any]]) -> list[NearMissCount]:
    """The stored counts (``NeedSourcing.near_misses``), largest first, each with its sentence."""
    rows = [
        (str(entry.get("requirement", "")), int(entry.get("id") or 0), int(entry.get("count") or 0))
        for entry in near_misses
        if isinstance(entry, dict)
    ]
    rows.sort(key=lambda row: -row[2])
    labels = requirement_labels_load((code, item_id) for code, item_id, _count in rows)
    return [
        NearMissCount(
            code=code,
            item_id=item_id,
            count=count,
            text=near_miss_count_text(code=code, item_id=item_id, count=count, need=need, labels=labels),
        )
        for code, item_id, count in rows
    ]


# --- Suggestions' reasons ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A reason as a user may read it: its code (``proposed`` in place of what they may not read), its figure, the
    group only for those allowed, and its sentence."""

    code: str
    value: int
    text: str
    group: str = ""


def _wave_date(waves: Mapping[int, date], wave_id: int) -> str:
    starts_on = waves.get(wave_id)
    return date_format(starts_on, "SHORT_DATE_FORMAT") if starts_on else "—"


def _group_label(group: str) -> str:
    return _lowered(PositiveActionGroup(group).label) if group in PositiveActionGroup.values else group


def reasons_worded(
    reasons: list[dict[str, Any]] | None, *, waves: Mapping[int, date], may_read_group: bool
) -> list[Reason]:
    """The stored reasons of a suggestion, worded for a user: ``waves`` gives the start date of the need's waves by
    id; ``may_read_group`` is ``may_read_sensitive_situation`` for the suggestion's candidate."""
    worded: list[Reason] = []
    for reason in reasons or []:
        if not isinstance(reason, dict):
            continue
        code, value = str(reason.get("code", "")), int(reason.get("value") or 0)
        if code in PROPOSAL_REASONS and not may_read_group:
            worded.append(Reason(REASON_PROPOSED, 0, _("Proposed")))
        elif code == REASON_SCORE:
            worded.append(Reason(code, value, _("Proposed on its score")))
        elif code == REASON_POSITIVE_ACTION:
            group = str(reason.get("group", ""))
            text = _("Proposed to meet the positive-action target: %(group)s") % {"group": _group_label(group)}
            worded.append(Reason(code, value, text, group=group))
        elif code == REASON_OTHER_WAVE:
            text = _("Proposed for the wave of %(date)s") % {"date": _wave_date(waves, value)}
            worded.append(Reason(code, value, text))
        elif code == REASON_HOLDS_ELSEWHERE:
            text = ngettext(
                "Holds %(count)s proposal on other needs", "Holds %(count)s proposals on other needs", value
            ) % {"count": value}
            worded.append(Reason(code, value, text))
        elif code == REASON_SLOTS_FILLED:
            worded.append(Reason(code, value, _("The waves they can make are full")))
        elif code == REASON_DECLINED_FOR_WAVE:
            text = _("Declined for the wave of %(date)s; kept for a later one") % {"date": _wave_date(waves, value)}
            worded.append(Reason(code, value, text))
        elif code == REASON_KEPT:
            worded.append(Reason(code, value, _("Proposal kept from the previous allocation")))
    return worded
