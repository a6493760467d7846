"""The service behind ``manage.py seed_demo``: checks the referentials, then writes the demo data set.

Platforms, logins and employers go through the ORM in one transaction (they
are few); candidates follow block by block (``demo.seeding.writer``). The
digest covers everything the scenario generated, whether or not this run had
to write it, so two runs with the same arguments report the same digest.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Platform
from demo.seeding.accounts import (
    DemoLogin,
    demo_employer_logins_ensure,
    demo_network_logins_ensure,
    demo_platforms_ensure,
    demo_staff_logins_ensure,
)
from demo.seeding.catalogue import CONTACT_CENTRE_ANCHORS, REGION_CODE, REQUIRED_OCCUPATION
from demo.seeding.leads import demo_leads_ensure
from demo.seeding.scenario import ScenarioDigest, candidate_blocks
from demo.seeding.snapshot import CommuneRow, Prepared, Referentials, SkillRow, plan_platforms
from demo.seeding.staffing import plan_employers
from demo.seeding.staffing_writer import ReferentialIds, employers_write
from demo.seeding.writer import CandidateRowBuilder, DemoSeedError, candidate_block_write
from referentials.models import Certification, Commune, Language, Occupation, Skill


@dataclass
class SeedReport:
    """What a run created and found, how long each phase took, and the digest of the data set."""

    seed: int
    platforms_created: int = 0
    platforms_total: int = 0
    employers_created: int = 0
    employers_existing: int = 0
    needs_created: int = 0
    leads_created: int = 0
    candidates_created: int = 0
    candidates_existing: int = 0
    child_rows_created: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    digest: str = ""


def referentials_check() -> None:
    """Refuse to seed when the referentials are not loaded: the demo draws everything from them."""
    empty = [
        model._meta.verbose_name_plural
        for model, queryset in (
            (Commune, Commune.objects.filter(region_code=REGION_CODE)),
            (Occupation, Occupation.objects.all()),
            (Skill, Skill.objects.all()),
            (Language, Language.objects.all()),
            (Certification, Certification.objects.all()),
        )
        if not queryset.exists()
    ]
    if empty:
        raise DemoSeedError(
            f"The referential tables are empty ({', '.join(map(str, empty))} of Hauts-de-France): "
            "run manage.py load_referentials first."
        )
    found = set(
        Commune.objects.filter(insee_code__in=CONTACT_CENTRE_ANCHORS, region_code=REGION_CODE).values_list(
            "insee_code", flat=True
        )
    )
    missing = [code for code in CONTACT_CENTRE_ANCHORS if code not in found]
    if missing:
        raise DemoSeedError(
            f"The communes {', '.join(missing)} are missing from the referentials: "
            "run manage.py load_referentials first."
        )
    if not Occupation.objects.filter(rome_code=REQUIRED_OCCUPATION).exists():
        raise DemoSeedError(
            f"The occupation {REQUIRED_OCCUPATION} is missing from the referentials: "
            "run manage.py load_referentials first."
        )


def referentials_snapshot() -> tuple[Referentials, ReferentialIds]:
    """The referentials in the scenario's fixed orders, and the database ids that go with them."""
    communes = list(
        Commune.objects.filter(region_code=REGION_CODE)
        .order_by("insee_code")
        .values_list("id", "insee_code", "name", "population", "latitude", "longitude", "epci__code")
    )
    occupations = list(Occupation.objects.order_by("rome_code").values_list("id", "rome_code", "label"))
    links: dict[int, list[str]] = {}
    for skill_id, rome_code in Skill.occupations.through.objects.values_list("skill_id", "occupation__rome_code"):
        links.setdefault(skill_id, []).append(rome_code)
    skills = list(Skill.objects.order_by("slug").values_list("id", "slug", "category"))
    languages = list(Language.objects.order_by("code").values_list("id", "code"))
    certifications = list(Certification.objects.order_by("slug").values_list("id", "slug"))
    refs = Referentials(
        communes=tuple(CommuneRow(*row[1:]) for row in communes),
        occupations=tuple((code, label) for _id, code, label in occupations),
        skills=tuple(SkillRow(slug, category, tuple(sorted(links.get(pk, [])))) for pk, slug, category in skills),
        languages=tuple(code for _id, code in languages),
        certifications=tuple(slug for _id, slug in certifications),
    )
    ids = ReferentialIds(
        commune=np.array([row[0] for row in communes], dtype=np.int64),
        occupation=np.array([row[0] for row in occupations], dtype=np.int64),
        skill=np.array([row[0] for row in skills], dtype=np.int64),
        language=np.array([row[0] for row in languages], dtype=np.int64),
        certification=np.array([row[0] for row in certifications], dtype=np.int64),
    )
    return refs, ids


def _departement_of(platform: Platform) -> str:
    """The département of a commune the platform covers, itself or through one of its EPCIs."""
    covered = Commune.objects.filter(Q(pk__in=platform.communes.all()) | Q(epci__in=platform.epcis.all()))
    return covered.order_by("departement_code").values_list("departement_code", flat=True).first() or ""


def demo_seed(
    *, candidates: int, employers: int, seed: int, password: str, progress: Callable[[str], None] | None = None
) -> SeedReport:
    """Create the demo data set for ``seed``, or whatever part of it is missing.

    The logins created now get ``password``; those already there keep theirs. Raises ``DemoSeedError`` when the
    referentials are not loaded.
    """
    if not password:
        raise DemoSeedError("The demo logins need a password.")
    report = SeedReport(seed=seed)
    started = time.perf_counter()
    referentials_check()
    refs, ids = referentials_snapshot()
    platform_plans = plan_platforms(refs)
    prepared = Prepared(refs, platform_plans)
    employer_plans = plan_employers(prepared, seed=seed, count=employers)
    digest = ScenarioDigest(refs, seed=seed)
    digest.add_plans(platform_plans, employer_plans)
    report.timings["referentials and plans"] = time.perf_counter() - started

    mark = time.perf_counter()
    today, now = timezone.localdate(), timezone.now()
    password_hash = make_password(password)
    with transaction.atomic():
        epci_ids = dict(Commune.objects.filter(epci__isnull=False).values_list("epci__code", "epci_id").distinct())
        commune_ids = {row.insee_code: int(pk) for row, pk in zip(refs.communes, ids.commune, strict=True)}
        platforms, report.platforms_created = demo_platforms_ensure(
            platform_plans, epci_ids=epci_ids, commune_ids=commune_ids
        )
        report.platforms_total = len(platforms)
        advisors, report.logins = demo_staff_logins_ensure(platform_plans, platforms, password_hash=password_hash)
        written = employers_write(
            employer_plans, platforms=platforms, prepared=prepared, ids=ids, today=today, now=now
        )
        report.employers_created, report.employers_existing, report.needs_created = written.counts
        report.logins += demo_employer_logins_ensure(written.members, password_hash=password_hash)
        report.leads_created = demo_leads_ensure(platforms, advisors, today=today)
        report.logins += demo_network_logins_ensure(
            platforms, departement_code=_departement_of(platforms[0]), password_hash=password_hash
        )
    report.timings["platforms, logins and employers"] = time.perf_counter() - mark

    builder = CandidateRowBuilder(
        seed=seed,
        ids=ids,
        platform_ids=np.array([p.pk for p in platforms], dtype=np.int64),
        advisor_ids=np.array([a.pk for a in advisors], dtype=np.int64),
        today=today,
        now=now,
    )
    generating = writing = 0.0
    mark = time.perf_counter()
    for block in candidate_blocks(prepared, seed=seed, count=candidates):
        generating += time.perf_counter() - mark
        mark = time.perf_counter()
        digest.add_block(block)
        existing, counts = candidate_block_write(block, builder)
        created = len(block) - existing
        report.candidates_existing += existing
        report.candidates_created += created
        for table, count in counts.items():
            report.child_rows_created[table] = report.child_rows_created.get(table, 0) + count
        writing += time.perf_counter() - mark
        if progress and created:
            progress(f"candidates {block.start + len(block):,}/{candidates:,}: {created:,} created")
        mark = time.perf_counter()
    report.timings["candidates: generation"] = generating
    report.timings["candidates: writing"] = writing
    if report.candidates_created and connection.vendor == "postgresql":
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            for table in builder.tables():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        report.timings["analyze"] = time.perf_counter() - mark
    report.digest = digest.hexdigest()
    report.timings["total"] = time.perf_counter() - started
    return report
