"""Rebuilding the report figures (``ReportFact``) from the live tables: a few grouped queries, one transaction.

Each measure is attributed to a month and a place: a need's figures to its employer's platform, its site's EPCI and
département, its employer's NAF section and its occupation's ROME family; a presentation's, hire's or check's to
its need's; a visit to its lead's; an entry into training recorded as an outcome to the person's platform and
commune (no employer, no occupation). The months are those of the event: a need received (created), a presentation
made, a hire recorded, a training started, a visit done, a six-month check due, a need's first presentation or
filling (durations from its first opening).

Priority groups are read from the people's sensitive situations, here only, as counts: never an input to a score,
never shown below five. A person anonymised since has no group any more: their solution still counts, in no group.
"""

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from employers.enums import VISIT_PROMISE_DAYS, ContractType, NeedStatus
from employers.models import EmployerLead, NeedStatusChange, StaffingNeed
from matching.enums import OutcomeKind, PositiveActionGroup, PresentationStatus
from matching.models import Outcome, Presentation, ReportFact, ReportRefresh
from matching.reporting import measures
from matching.solutions import CHECKED, FOLLOWED_SOLUTION, IN_WORK, SOLUTION_HIRE
from referentials.naf import naf_section

PLACE_FIELDS = ("platform_id", "epci_code", "departement_code", "naf_code", "rome_family")

Key = tuple[str, datetime.date, int, str, str, str, str]


def _place(prefix: str) -> dict:
    """The place of a need reached through ``prefix`` ("" for a need itself, "need__" for a presentation)."""
    return {
        "platform_id": F(f"{prefix}employer__platform_id"),
        "epci_code": Coalesce(F(f"{prefix}site__commune__epci__code"), Value(""), output_field=CharField()),
        "departement_code": F(f"{prefix}site__commune__departement_code"),
        "naf_code": F(f"{prefix}employer__naf_code"),
        "rome_family": F(f"{prefix}occupation__family_code"),
    }


def _person_place() -> dict:
    return {
        "platform_id": F("candidate__platform_id"),
        "epci_code": Coalesce(F("candidate__commune__epci__code"), Value(""), output_field=CharField()),
        "departement_code": Coalesce(F("candidate__commune__departement_code"), Value(""), output_field=CharField()),
        "naf_code": Value("", output_field=CharField()),
        "rome_family": Value("", output_field=CharField()),
    }


def _group_counts(condition: Q) -> dict:
    return {
        f"group:{group.value}": Count(
            "pk", filter=condition & Q(**{f"candidate__sensitive_situation__{group.value}": True})
        )
        for group in PositiveActionGroup
    }


class _Tally:
    """The figures being built, added up by key (two sources may fall on the same month and place)."""

    def __init__(self) -> None:
        self.counts: dict[Key, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, measure: measures.Measure, row: dict, count: int, days: int = 0) -> None:
        if not count:
            return
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        key = (
            measure.key,
            month.replace(day=1),
            row["platform_id"],
            row["epci_code"] or "",
            row["departement_code"] or "",
            naf_section(row["naf_code"]),
            row["rome_family"] or "",
        )
        self.counts[key][0] += count
        self.counts[key][1] += days

    def add_groups(self, row: dict) -> None:
        for group in PositiveActionGroup:
            measure = measures.MEASURES_BY_KEY[f"solutions_group:{group.value}"]
            self.add(measure, row, row[f"group:{group.value}"])

    def facts(self) -> list[ReportFact]:
        return [
            ReportFact(
                measure=key[0],
                month=key[1],
                platform_id=key[2],
                epci_code=key[3],
                departement_code=key[4],
                naf_section=key[5],
                rome_family=key[6],
                count=count,
                days=days,
            )
            for key, (count, days) in self.counts.items()
        ]


def _needs_received(tally: _Tally) -> None:
    rows = (
        StaffingNeed.objects.values(month=TruncMonth("created_at"), **_place(""))
        .annotate(needs=Count("pk"), openings=Sum("headcount"))
        .order_by()
    )
    for row in rows:
        tally.add(measures.NEEDS_RECEIVED, row, row["needs"])
        tally.add(measures.OPENINGS, row, row["openings"] or 0)


def _presentations(tally: _Tally) -> None:
    rows = (
        Presentation.objects.filter(presented_at__isnull=False)
        .values(month=TruncMonth("presented_at"), **_place("need__"))
        .annotate(presentations=Count("pk"))
        .order_by()
    )
    for row in rows:
        tally.add(measures.PRESENTATIONS, row, row["presentations"])


def _hires(tally: _Tally) -> None:
    """Hires by the month they were recorded, the solutions among them by kind and by group."""
    is_cdi = SOLUTION_HIRE & Q(contract_type=ContractType.CDI)
    is_cdd = SOLUTION_HIRE & Q(contract_type=ContractType.CDD)
    rows = (
        Presentation.objects.filter(status__in=PresentationStatus.hired_ever(), closed_at__isnull=False)
        .values(month=TruncMonth("closed_at"), **_place("need__"))
        .annotate(
            hires=Count("pk"),
            cdi=Count("pk", filter=is_cdi),
            cdd=Count("pk", filter=is_cdd),
            **_group_counts(SOLUTION_HIRE),
        )
        .order_by()
    )
    for row in rows:
        tally.add(measures.HIRES, row, row["hires"])
        tally.add(measures.SOLUTIONS_CDI, row, row["cdi"])
        tally.add(measures.SOLUTIONS_CDD, row, row["cdd"])
        tally.add(measures.SOLUTIONS, row, row["cdi"] + row["cdd"])
        tally.add_groups(row)


def _training_entries(tally: _Tally) -> None:
    """Entries into a need's training cohort (by its first day; a trainee hired at its end counts as the hire) and
    trainings recorded as an outcome (by their start)."""
    trainees = (
        Presentation.objects.filter(enrolment__isnull=False, enrolment__cohort__starts_on__isnull=False)
        .exclude(status__in=PresentationStatus.hired_ever())
        .values(month=TruncMonth("enrolment__cohort__starts_on"), **_place("need__"))
        .annotate(entries=Count("pk"), **_group_counts(Q()))
        .order_by()
    )
    outcomes = (
        Outcome.objects.filter(kind=OutcomeKind.TRAINING)
        .values(month=TruncMonth("starts_on"), **_person_place())
        .annotate(entries=Count("pk"), **_group_counts(Q()))
        .order_by()
    )
    for row in [*trainees, *outcomes]:
        tally.add(measures.TRAINING_ENTRIES, row, row["entries"])
        tally.add(measures.SOLUTIONS, row, row["entries"])
        tally.add_groups(row)


def _retention(tally: _Tally) -> None:
    """Six-month checks of solutions, by the month they fell due: answered, and still in work."""
    rows = (
        Presentation.objects.filter(FOLLOWED_SOLUTION, follow_up_due_on__isnull=False)
        .values(month=TruncMonth("follow_up_due_on"), **_place("need__"))
        .annotate(checked=Count("pk", filter=CHECKED), in_work=Count("pk", filter=CHECKED & IN_WORK))
        .order_by()
    )
    for row in rows:
        tally.add(measures.RETENTION_CHECKED, row, row["checked"])
        tally.add(measures.RETENTION_IN_WORK, row, row["in_work"])


def _durations(tally: _Tally) -> None:
    """Days from a need's first opening to its first presentation and to its first filling, in the month each
    happened. One row per need opened, read as plain values."""

    def first_change(status: str) -> Subquery:
        return Subquery(
            NeedStatusChange.objects.filter(need=OuterRef("pk"), to_status=status)
            .order_by("changed_at")
            .values("changed_at")[:1]
        )

    first_presentation = Subquery(
        Presentation.objects.filter(need=OuterRef("pk"), presented_at__isnull=False)
        .order_by("presented_at")
        .values("presented_at")[:1]
    )
    needs = (
        StaffingNeed.objects.annotate(opened_at=first_change(NeedStatus.OPEN))
        .filter(opened_at__isnull=False)
        .annotate(first_presented_at=first_presentation, filled_at=first_change(NeedStatus.FILLED))
        .values("opened_at", "first_presented_at", "filled_at", **_place(""))
        .order_by()
    )
    for row in needs.iterator(chunk_size=2000):
        for measure, end in (
            (measures.TO_FIRST_PRESENTATION, "first_presented_at"),
            (measures.TO_FILLING, "filled_at"),
        ):
            if row[end] is not None and row[end] >= row["opened_at"]:
                days = (timezone.localdate(row[end]) - timezone.localdate(row["opened_at"])).days
                tally.add(measure, row | {"month": row[end]}, 1, days)


def _visits(tally: _Tally) -> None:
    """Employers visited, by the month of the visit: the days since their first contact, and whether the visit kept
    the programme's promise (``VISIT_PROMISE_DAYS``)."""
    leads = (
        EmployerLead.objects.filter(visited_on__isnull=False)
        .values(
            "first_contact_on",
            "visited_on",
            "platform_id",
            epci_code=Coalesce(F("commune__epci__code"), Value(""), output_field=CharField()),
            departement_code=F("commune__departement_code"),
            naf_code=Coalesce(F("employer__naf_code"), Value(""), output_field=CharField()),
            rome_family=Value("", output_field=CharField()),
        )
        .order_by()
    )
    for lead in leads.iterator(chunk_size=2000):
        days = (lead["visited_on"] - lead["first_contact_on"]).days
        row = lead | {"month": lead["visited_on"]}
        tally.add(measures.VISITS, row, 1, days)
        tally.add(measures.VISITS_WITHIN_PROMISE, row, int(days <= VISIT_PROMISE_DAYS))


SOURCES = (_needs_received, _presentations, _hires, _training_entries, _retention, _durations, _visits)


def report_facts_build(sources: Iterable = SOURCES) -> list[ReportFact]:
    """The report figures as the live tables stand, not saved."""
    tally = _Tally()
    for source in sources:
        source(tally)
    return tally.facts()


def report_facts_refresh(*, now: datetime.datetime | None = None) -> ReportRefresh:
    """Rebuild every report figure in one transaction: readers see the old figures or the new ones, never a mix.

    Idempotent: the rows depend only on the live tables.
    """
    started = time.monotonic()
    facts = report_facts_build()
    with transaction.atomic():
        ReportFact.objects.all().delete()
        ReportFact.objects.bulk_create(facts, batch_size=2000)
        ReportRefresh.objects.all().delete()
        refresh = ReportRefresh.objects.create(
            refreshed_at=now or timezone.now(),
            duration_ms=round(1000 * (time.monotonic() - started)),
            fact_rows=len(facts),
        )
    return refresh
