"""Pure generation of the demo employers, their sites and their staffing needs.

Employer ``i`` is drawn from its own random stream (seed, i), so asking for
more employers adds new ones without changing the first. The first five are
the contact-centre operators of the catalogue, with their mass-hiring needs;
the others follow the templates. Dates are day offsets from the run's day.
"""

from dataclasses import dataclass, replace

import numpy as np

from demo.seeding.catalogue import (
    COHORT_ENDS_DAYS_BEFORE_WAVE,
    COHORT_FUNDERS,
    COHORT_SEATS,
    CONTACT_CENTRE_NAF,
    CONTACT_CENTRES,
    EMPLOYER_TEMPLATES,
    ENGLISH_JUSTIFICATION,
    REQUIRED_OCCUPATION,
    WAVE_INTERVAL_DAYS,
    ContactCentreSpec,
    EmployerTemplate,
)
from demo.seeding.job_descriptions import contact_centre_description
from demo.seeding.names import STREETS
from demo.seeding.snapshot import Prepared
from employers.siret import LA_POSTE_SIREN, luhn_is_valid

_EMPLOYER_STREAM = 2  # second word of the employers' seed sequence: (seed, 2, i)


@dataclass(frozen=True)
class CohortPlan:
    """A pre-hiring training cohort of a need, which trains people for one of its waves."""

    kind: str
    training_body: str
    place: str
    start_offset_days: int
    end_offset_days: int
    capacity: int
    funder: str
    wave: int  # index of the wave it feeds in the need's ``waves``


@dataclass(frozen=True)
class NeedPlan:
    rome_code: str
    title: str
    headcount: int
    contract_type: str
    contract_duration_months: int | None
    working_time: str
    weekly_hours: int | None
    has_shifts: bool
    has_weekend_work: bool
    start_offset_days: int
    salary_min: int
    salary_max: int
    minimum_education: int | None
    minimum_experience_years: int
    accepts_beginners: bool
    offers_training: bool
    training_kind: str
    training_weeks: int | None
    training_skills: tuple[str, ...]
    has_accessible_workstation: bool
    status: str
    status_age_days: int
    skills: tuple[tuple[str, str], ...]  # (skill slug, importance)
    languages: tuple[tuple[str, int, bool, str], ...]  # (code, CEFR level, mandatory, justification)
    certifications: tuple[tuple[str, bool], ...]  # (slug, mandatory)
    waves: tuple[tuple[int, int], ...]  # (start offset in days, hires planned)
    cohorts: tuple[CohortPlan, ...] = ()
    description: tuple[tuple[str, object], ...] = ()  # (StaffingNeed field, value) of its job description


@dataclass(frozen=True)
class EmployerPlan:
    legal_name: str
    slug: str
    siret: str
    naf_code: str
    commune: str  # INSEE code of the site
    platform: int  # index into the platform plans
    site_name: str
    site_address: str
    needs: tuple[NeedPlan, ...]
    has_member_login: bool


def siret_with_check_digit(first_13: str) -> str:
    """Append the digit that makes the 14 digits pass Luhn's check."""
    for digit in "0123456789":
        if luhn_is_valid(first_13 + digit):
            return first_13 + digit
    raise AssertionError("Luhn always has a check digit")  # pragma: no cover


def _siret(rng: np.random.Generator, taken: set[str]) -> str:
    while True:
        first_13 = str(rng.integers(1, 10)) + "".join(str(d) for d in rng.integers(0, 10, size=12))
        # La Poste's SIREN follows another checksum rule; keep clear of it.
        if first_13.startswith(LA_POSTE_SIREN):
            continue
        siret = siret_with_check_digit(first_13)
        if siret not in taken:
            taken.add(siret)
            return siret


def _of(place: str) -> str:
    return f"d'{place}" if place[:1].lower() in "aeiouyhéèêâîôû" else f"de {place}"


def _pick(rng: np.random.Generator, items: list[int], count: int) -> list[int]:
    """Up to ``count`` distinct items, returned in their original order."""
    if count <= 0 or not items:
        return []
    chosen = rng.choice(len(items), size=min(count, len(items)), replace=False)
    return [items[i] for i in sorted(chosen)]


def _need_skills(
    rng: np.random.Generator, prepared: Prepared, rome_code: str, category: str, must: int, nice: int
) -> tuple[tuple[str, str], ...]:
    """Must-have and nice-to-have skills from the occupation's own skills, else from its category."""
    core = prepared.core_skills_of(rome_code)
    must_skills = _pick(rng, core, must) if core else _pick(rng, prepared.skills_in_category(category), must)
    others = [
        i for i in (prepared.skills_of(rome_code) or prepared.skills_in_category(category)) if i not in must_skills
    ]
    nice_skills = _pick(rng, others, nice)
    chosen = sorted(must_skills + nice_skills)
    return tuple((prepared.refs.skills[i].slug, "must_have" if i in must_skills else "nice_to_have") for i in chosen)


def _status(rng: np.random.Generator) -> str:
    # No hire is planned: a need counts only the hires recorded through the hiring service, with their presentation,
    # so that the dashboard's hires on open needs and its funnel tell the same figure.
    return str(rng.choice(["open", "draft", "filled", "closed", "cancelled"], p=[0.72, 0.1, 0.06, 0.06, 0.06]))


def _waves(headcount: int, count: int, start: int) -> tuple[tuple[int, int], ...]:
    """``count`` waves a month apart sharing the headcount, the first ones taking what does not divide evenly."""
    size, rest = divmod(headcount, count)
    return tuple((start + WAVE_INTERVAL_DAYS * k, size + (k < rest)) for k in range(count))


def _cohorts(
    rng: np.random.Generator, spec: ContactCentreSpec, waves: tuple[tuple[int, int], ...], training_weeks: int
) -> tuple[CohortPlan, ...]:
    """One POEC cohort for each of the first waves, ending a few days before the wave starts."""
    cohorts = []
    for k, (body, place) in enumerate(spec.cohorts[: len(waves)]):
        ends = waves[k][0] - COHORT_ENDS_DAYS_BEFORE_WAVE
        cohorts.append(
            CohortPlan(
                kind="poec",
                training_body=body,
                place=place,
                start_offset_days=ends - 7 * training_weeks + 3,
                end_offset_days=ends,
                capacity=int(rng.integers(COHORT_SEATS[0], COHORT_SEATS[1] + 1)),
                funder=COHORT_FUNDERS[k % len(COHORT_FUNDERS)],
                wave=k,
            )
        )
    return tuple(cohorts)


def _contact_centre_needs(
    rng: np.random.Generator, prepared: Prepared, spec: ContactCentreSpec
) -> tuple[NeedPlan, ...]:
    relation_skills = prepared.skills_of(REQUIRED_OCCUPATION, "customer_relations")
    training_skills = _pick(rng, relation_skills, int(rng.integers(3, 6)))
    training_slugs = tuple(prepared.refs.skills[i].slug for i in training_skills)
    # Far enough ahead that the longest training (six weeks) ends before the first wave starts.
    start = int(rng.integers(45, 61))
    training_weeks = int(rng.integers(2, 7))
    waves = _waves(spec.seats, spec.waves, start)
    # The must-haves are the occupation's core skills, and the pre-hiring training teaches them: a beginner who
    # lacks one is a gap to train, not a reason to exclude. Other customer-relations skills are nice to have.
    core = prepared.core_skills_of(REQUIRED_OCCUPATION)
    must_skills = _pick(rng, core, 2)
    training_slugs = tuple(sorted({*training_slugs, *(prepared.refs.skills[i].slug for i in must_skills)}))
    must = [(prepared.refs.skills[i].slug, "must_have") for i in must_skills]
    nice = [
        (prepared.refs.skills[i].slug, "nice_to_have")
        for i in _pick(rng, [i for i in training_skills if i not in must_skills], 2)
    ]
    mass_need = NeedPlan(
        rome_code=REQUIRED_OCCUPATION,
        title="Conseiller / Conseillère clientèle à distance",
        headcount=spec.seats,
        contract_type="cdi",
        contract_duration_months=None,
        working_time="full_time",
        weekly_hours=None,
        has_shifts=True,
        has_weekend_work=bool(rng.random() < 0.5),
        start_offset_days=start,
        salary_min=int(rng.integers(215, 225)) * 100,
        salary_max=int(rng.integers(230, 245)) * 100,
        minimum_education=None,
        minimum_experience_years=0,
        accepts_beginners=True,
        offers_training=True,
        training_kind="poec",
        training_weeks=training_weeks,
        training_skills=training_slugs,
        has_accessible_workstation=True,
        status="open",
        status_age_days=int(rng.integers(1, 21)),
        skills=tuple(sorted(must + nice)),
        languages=(),
        certifications=(),
        waves=waves,
        cohorts=_cohorts(rng, spec, waves, training_weeks),
    )
    mass_need = replace(
        mass_need, description=contact_centre_description(bilingual=False, has_weekend_work=mass_need.has_weekend_work)
    )
    if not (spec.has_bilingual_need and "en" in prepared.language_index):
        return (mass_need,)
    bilingual_need = replace(
        mass_need,
        title="Conseiller / Conseillère clientèle bilingue anglais",
        headcount=int(rng.integers(1, 5)) * 10,
        has_weekend_work=False,
        start_offset_days=int(rng.integers(21, 91)),
        salary_min=int(rng.integers(235, 245)) * 100,
        salary_max=int(rng.integers(250, 270)) * 100,
        training_kind="poei",
        training_weeks=int(rng.integers(2, 4)),
        status_age_days=int(rng.integers(1, 21)),
        languages=(("en", 4, True, ENGLISH_JUSTIFICATION),),
        waves=(),
        cohorts=(),
        description=contact_centre_description(bilingual=True, has_weekend_work=False),
    )
    return (mass_need, bilingual_need)


def _template_need(
    rng: np.random.Generator, prepared: Prepared, template: EmployerTemplate, role_index: int
) -> NeedPlan:
    role = template.roles[role_index]
    headcount = int(rng.integers(template.headcount[0], template.headcount[1] + 1))
    draw = rng.random()
    if draw < template.cdd_share:
        contract, months = "cdd", int(rng.choice([3, 6, 6, 9, 12, 18]))
    elif draw < template.cdd_share + template.temporary_share:
        contract, months = "temporary", None
    else:
        contract, months = "cdi", None
    weekly_hours = int(rng.choice([20, 24, 26, 28, 30])) if rng.random() < template.part_time_share else None
    salary_min = int(rng.integers(template.salary[0] // 100, template.salary[1] // 100)) * 100
    salary_max = salary_min + int(rng.choice([0, 1000, 1500, 2000]))
    if weekly_hours:
        salary_min, salary_max = (round(s * weekly_hours / 35 / 100) * 100 for s in (salary_min, salary_max))
    beginners = bool(rng.random() < template.beginner_share)
    training = bool(rng.random() < 0.15)
    training_skills = _pick(rng, prepared.skills_in_category(template.skill_category), 2) if training else []
    status = _status(rng)
    certifications = tuple(
        (slug, mandatory)
        for code, slug, mandatory in template.certifications
        if code in ("*", role.rome_code) and slug in prepared.certification_index
    )
    languages: tuple[tuple[str, int, bool, str], ...] = ()
    if rng.random() < template.english_nice_to_have_share and "en" in prepared.language_index:
        languages = (("en", 3, False, ""),)
    return NeedPlan(
        rome_code=role.rome_code,
        title=role.title,
        headcount=headcount,
        contract_type=contract,
        contract_duration_months=months,
        working_time="part_time" if weekly_hours else "full_time",
        weekly_hours=weekly_hours,
        has_shifts=bool(rng.random() < template.shift_share),
        has_weekend_work=bool(rng.random() < template.weekend_share),
        start_offset_days=int(rng.integers(7, 121)),
        salary_min=salary_min,
        salary_max=salary_max,
        minimum_education=4 if template.sector == "office" and rng.random() < 0.5 else None,
        minimum_experience_years=0 if beginners else int(rng.integers(1, 4)),
        accepts_beginners=beginners,
        offers_training=training,
        training_kind=str(rng.choice(["afpr", "poei"])) if training else "",
        training_weeks=int(rng.integers(2, 5)) if training else None,
        training_skills=tuple(prepared.refs.skills[i].slug for i in training_skills),
        has_accessible_workstation=bool(rng.random() < 0.3),
        status=status,
        status_age_days=int(rng.integers(0, 61)),
        skills=_need_skills(
            rng, prepared, role.rome_code, template.skill_category, int(rng.integers(2, 4)), int(rng.integers(1, 3))
        ),
        languages=languages,
        certifications=certifications,
        waves=(),
    )


def _available_templates(prepared: Prepared) -> list[tuple[EmployerTemplate, list[int]]]:
    """Templates with the indices of their roles whose occupation is in the referentials."""
    available = []
    for template in EMPLOYER_TEMPLATES:
        roles = [i for i, role in enumerate(template.roles) if role.rome_code in prepared.occupation_index]
        if roles:
            available.append((template, roles))
    return available


def plan_employers(prepared: Prepared, *, seed: int, count: int) -> tuple[EmployerPlan, ...]:
    """The first ``count`` employers of the demo: contact centres first, then employers of the templates."""
    templates = _available_templates(prepared)
    weights = np.array([template.weight for template, _roles in templates])
    towns, town_p = prepared.employer_communes
    taken: set[str] = set()
    names_taken = {spec.legal_name for spec in CONTACT_CENTRES}
    plans = []
    for i in range(count):
        rng = np.random.default_rng([seed, _EMPLOYER_STREAM, i])
        siret = _siret(rng, taken)
        if i < len(CONTACT_CENTRES):
            spec = CONTACT_CENTRES[i]
            commune = prepared.commune_index[spec.commune]
            plans.append(
                EmployerPlan(
                    spec.legal_name, spec.slug, siret, CONTACT_CENTRE_NAF, spec.commune,
                    int(prepared.commune_platform[commune]), spec.site_name, spec.address,
                    _contact_centre_needs(rng, prepared, spec), True,
                )
            )  # fmt: skip
            continue
        if not templates:
            break
        template, roles = templates[int(rng.choice(len(templates), p=weights / weights.sum()))]
        commune = int(towns[rng.choice(len(towns), p=town_p)])
        place = prepared.refs.communes[commune].name
        first = int(rng.integers(len(template.names)))
        # Two employers of the demo never share a name: try the template's other names, then number it.
        options = [template.names[(first + k) % len(template.names)] for k in range(len(template.names))]
        pattern, naf_code = next(
            ((p, naf) for p, naf in options if p.format(de=_of(place)) not in names_taken), options[0]
        )
        legal_name = pattern.format(de=_of(place))
        if legal_name in names_taken:
            legal_name = f"{legal_name} {i + 1}"
        names_taken.add(legal_name)
        role_order = [roles[j] for j in rng.permutation(len(roles))]
        needs_count = 2 if len(role_order) > 1 and rng.random() < 0.35 else 1
        needs = tuple(_template_need(rng, prepared, template, r) for r in role_order[:needs_count])
        street = STREETS[int(rng.integers(len(STREETS)))]
        plans.append(
            EmployerPlan(
                legal_name, f"employeur-{i + 1:04d}", siret, naf_code,
                prepared.refs.communes[commune].insee_code, int(prepared.commune_platform[commune]),
                f"Site {_of(place)}", f"{int(rng.integers(1, 200))} {street}", needs, False,
            )
        )  # fmt: skip
    return tuple(plans)
