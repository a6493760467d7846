"""The employer's assessment after an interview: each criterion of the need met or not, and a short comment.

Recorded once the interview time has passed, for a presentation that had an interview (scheduled, then hired or not
hired); the hire or no-hire answer itself goes on through ``employer_answers``. The criteria are the need's
requirements when recorded (``assessment_criteria``): every one must be answered, no other is accepted. Recording
again replaces the assessment.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import InterviewAssessment, Presentation
from matching.models.assessments import ASSESSMENT_COMMENT_MAX_LENGTH
from matching.services.employer_answers import employer_side_check

Status = PresentationStatus
# An interview took place, or was to: the states an assessment may follow.
ASSESSABLE = (Status.INTERVIEW_SCHEDULED, Status.HIRED, Status.NOT_HIRED)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str


def assessment_criteria(*, need: StaffingNeed) -> list[Criterion]:
    """The need's requirements, as the criteria of an assessment: skills, languages, certifications, experience."""
    criteria = [
        Criterion(f"skill:{row.skill_id}", row.skill.label)
        for row in need.skill_requirements.select_related("skill").order_by("skill__label")
    ]
    criteria += [
        Criterion(f"language:{row.language_id}", f"{row.language.label} ({row.get_level_display()})")
        for row in need.language_requirements.select_related("language").order_by("language__label")
    ]
    criteria += [
        Criterion(f"certification:{row.certification_id}", row.certification.label)
        for row in need.certification_requirements.select_related("certification").order_by("certification__label")
    ]
    if need.minimum_experience_years:
        criteria.append(
            Criterion("experience", _("%(years)d years of experience") % {"years": need.minimum_experience_years})
        )
    return criteria


@transaction.atomic
def interview_assessment_record(
    *,
    presentation: Presentation,
    results: Mapping[str, bool],
    comment: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> InterviewAssessment:
    """Record whether each criterion of the need was met at the interview, with a comment (bounded).

    Refused for a presentation without an interview, before its time, or when a criterion is missing or unknown.
    """
    employer_side_check(presentation=presentation, by=by)
    locked = Presentation.objects.select_for_update().select_related("need").get(pk=presentation.pk)
    if locked.status not in ASSESSABLE or locked.interview_at is None:
        raise ValidationError(_("Only an interview that took place is assessed."), code="no_interview")
    if locked.interview_at > (now or timezone.now()):
        raise ValidationError(_("An interview is assessed once its time has passed."), code="too_early")
    criteria = assessment_criteria(need=locked.need)
    keys = {criterion.key for criterion in criteria}
    if set(results) != keys:
        raise ValidationError({"criteria": _("Say for each criterion whether it was met.")}, code="criteria")
    comment = comment.strip()
    if len(comment) > ASSESSMENT_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)d characters.") % {"max": ASSESSMENT_COMMENT_MAX_LENGTH}},
            code="comment_length",
        )
    assessment, _created = InterviewAssessment.objects.update_or_create(
        presentation=locked,
        defaults={
            "criteria": [
                {"key": criterion.key, "label": criterion.label, "met": bool(results[criterion.key])}
                for criterion in criteria
            ],
            "comment": comment,
            "recorded_by": by,
            "recorded_at": now or timezone.now(),
        },
    )
    return assessment
