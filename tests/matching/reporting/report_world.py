"""A fixed data set for the territorial reports, whose figures are computed by hand in the tests that use it.

Today is 4 December 2026: the last complete month is November 2026, the rolling year December 2025 to November
2026. Two platforms in two départements:

- **Lille** (Nord, 59, EPCI "Métropole Européenne de Lille"), a contact centre (NAF 82.20Z, section N) hiring
  customer-service advisors (ROME D1408, family D14): a need of 20 received in January 2026, opened 5 January,
  first presentation 15 January (10 days), filled 4 February (30 days); 6 CDI hires recorded in March 2026, two of
  them under 26; 2 CDD of 6 months in April 2026 (the small cell); 9 presentations in January 2026.
- **Amiens** (Somme, 80, no EPCI), a logistics employer (NAF 52.10B, section H) hiring order pickers (ROME N1103,
  family N11): a need of 12 received in February 2026; 7 CDI hires in March 2026 and 8 CDD of 6 months in April
  2026, five of the CDI hires under 26; 15 presentations in February 2026; one temporary hire in April 2026
  (a hire, not a solution); six-month checks due in October 2026: 6 answered, 5 in work.
- Employers visited in February 2026: six by Lille, one by Amiens (see below).
"""

import datetime

from django.utils import timezone

from employers.enums import ContractType, NeedStatus
from employers.models import NeedStatusChange, StaffingNeed
from matching.enums import FollowUpResult, PresentationStatus
from referentials.models import Epci
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, EmployerLeadFactory, SiteFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import CommuneFactory, OccupationFactory

TODAY = datetime.date(2026, 12, 4)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _need(*, employer, commune, occupation, headcount: int, created: datetime.datetime) -> StaffingNeed:
    site = SiteFactory(employer=employer, commune=commune)
    need = StaffingNeedFactory(
        employer=employer, site=site, occupation=occupation, headcount=headcount, status=NeedStatus.OPEN
    )
    StaffingNeed.objects.filter(pk=need.pk).update(created_at=created)
    return need


def _hire(need, *, closed: datetime.datetime, contract: str, months: int | None = None, under_26=False, **fields):
    candidate = CandidateFactory(presentable=True, platform=need.employer.platform)
    if under_26:
        SensitiveSituationFactory(candidate=candidate, is_under_26=True)
    return presentation_in(
        PresentationStatus.HIRED,
        need=need,
        candidate=candidate,
        presented_at=closed - datetime.timedelta(days=20),
        closed_at=closed,
        contract_type=contract,
        contract_duration_months=months,
        hire_starts_on=closed.date(),
        follow_up_due_on=fields.pop("follow_up_due_on", datetime.date(2027, 6, 1)),
        **fields,
    )


def build_report_world() -> dict:
    lille_platform = PlatformFactory(name="Plateforme Lille")
    amiens_platform = PlatformFactory(name="Plateforme Amiens")
    epci = Epci.objects.create(code="200093201", name="Métropole Européenne de Lille", kind="ME")
    lille = CommuneFactory(insee_code="59350", name="Lille", epci=epci)
    amiens = CommuneFactory(insee_code="80021", name="Amiens", departement_code="80", departement_name="Somme")
    contact_centre = EmployerFactory(platform=lille_platform, naf_code="82.20Z")
    logistics = EmployerFactory(platform=amiens_platform, naf_code="52.10B")
    advisors = OccupationFactory(rome_code="D1408")
    pickers = OccupationFactory(rome_code="N1103")

    lille_need = _need(
        employer=contact_centre, commune=lille, occupation=advisors, headcount=20, created=at(2026, 1, 2)
    )
    NeedStatusChange.objects.create(
        need=lille_need, from_status=NeedStatus.DRAFT, to_status=NeedStatus.OPEN, changed_at=at(2026, 1, 5)
    )
    NeedStatusChange.objects.create(
        need=lille_need, from_status=NeedStatus.OPEN, to_status=NeedStatus.FILLED, changed_at=at(2026, 2, 4)
    )
    for index in range(9):
        presentation_in(PresentationStatus.PRESENTED, need=lille_need, presented_at=at(2026, 1, 15 + index % 3))
    for index in range(6):
        _hire(lille_need, closed=at(2026, 3, 10), contract=ContractType.CDI, under_26=index < 2)
    for _ in range(2):
        _hire(lille_need, closed=at(2026, 4, 10), contract=ContractType.CDD, months=6)

    amiens_need = _need(employer=logistics, commune=amiens, occupation=pickers, headcount=12, created=at(2026, 2, 3))
    for _ in range(15):
        presentation_in(PresentationStatus.PRESENTED, need=amiens_need, presented_at=at(2026, 2, 20))
    for index in range(7):
        checked = {}
        if index < 6:
            checked = {
                "follow_up_due_on": datetime.date(2026, 10, 1),
                "follow_up_result": FollowUpResult.SAME_EMPLOYER if index < 5 else FollowUpResult.NOT_IN_WORK,
                "followed_up_at": at(2026, 10, 2),
                "follow_up_checked_on": datetime.date(2026, 10, 2),
            }
        _hire(amiens_need, closed=at(2026, 3, 12), contract=ContractType.CDI, under_26=index < 5, **checked)
    for _ in range(8):
        _hire(amiens_need, closed=at(2026, 4, 12), contract=ContractType.CDD, months=6)
    _hire(amiens_need, closed=at(2026, 4, 20), contract=ContractType.TEMPORARY)
    # Employers visited in February 2026: six around Lille (3 to 12 days after their first contact: a mean of 44 / 6
    # = 7.3 days, five within the promised 10), one around Amiens (4 days: a single visit, no mean shown).
    for days in (3, 5, 8, 12, 9, 7):
        EmployerLeadFactory(
            visited=True,
            platform=lille_platform,
            commune=lille,
            employer=contact_centre,
            first_contact_on=datetime.date(2026, 2, 20) - datetime.timedelta(days=days),
            visited_on=datetime.date(2026, 2, 20),
        )
    EmployerLeadFactory(
        visited=True,
        platform=amiens_platform,
        commune=amiens,
        employer=logistics,
        first_contact_on=datetime.date(2026, 2, 6),
        visited_on=datetime.date(2026, 2, 10),
    )
    return {"lille": lille_platform, "amiens": amiens_platform, "epci": epci}
