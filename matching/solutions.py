"""What the programme counts as a solution, and which six-month checks tell retention, as query conditions.

A solution is a hire on a CDI or a CDD of six months or more, or an entry into training. Retention at six months is
the share of solutions still in work at their check, among the checks where the person answered. The dashboard
(``staff.dashboard``) counts them, and anonymisation keeps the counts by group first (``services.hire_tallies``):
both read these conditions, so they count the same presentations.
"""

from django.db.models import Q

from employers.enums import ContractType
from matching.enums import FollowUpResult, PresentationStatus
from matching.models.presentations import SOLUTION_MIN_CDD_MONTHS

SOLUTION_HIRE = Q(contract_type=ContractType.CDI) | Q(
    contract_type=ContractType.CDD, contract_duration_months__gte=SOLUTION_MIN_CDD_MONTHS
)
"""``Presentation.is_solution`` as a condition on hired presentations (a test checks that both agree)."""

# A hire that holds or ended since (``PresentationStatus.hired_ever``): both were solutions when they started, and
# both are followed up.
FOLLOWED_SOLUTION = Q(status__in=PresentationStatus.hired_ever()) & SOLUTION_HIRE | Q(enrolment__isnull=False)
"""The presentations whose six-month check tells retention: a hire that is a solution, or an entry into a training
cohort (a trainee hired at the end of the training counts once)."""

CHECKED = ~Q(follow_up_result="") & ~Q(follow_up_result=FollowUpResult.NOT_REACHED)
"""A six-month check where the person answered."""

IN_WORK = Q(follow_up_result__in=FollowUpResult.in_work())
"""A six-month check that found the person in work, with this employer or another."""
