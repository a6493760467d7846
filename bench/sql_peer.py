"""The matching engine's filters and score written in PostgreSQL, the peer of ``bench/peer_bench.py``.

One statement per need returns its top 50: ``(candidate id, score, tie key, distance, eligible count)``, score
descending then the engine's tie key ascending, exactly as ``matching.engine.scoring.score_need`` orders them. Two
variants share the need's side of the statement (its site, skills, training, waves, declines and MRS passes, read
from the project's tables as ``need_spec_build`` reads them) and differ in where the candidates come from:

- ``plain``: the project's own tables. The wishes of the need's occupation family are found through an index by
  occupation, each candidate through a partial covering index of the presentable ones (no visit of the table), the
  commune by its key; a box around the need, wide enough for the farthest traveller, prefilters before the exact
  distance (``bench/sql_peer_setup.py`` lists the indexes);
- ``pool``: ``bench_peer.candidate_pool``, a materialized view of the presentable candidates with their wishes,
  skills, certifications and languages pre-joined into arrays, one row per occupation family they want, stored in
  family order: a need reads one contiguous range of it.

The arithmetic is the engine's, step for step, so that float8 gives the same bits as numpy: the same haversine
(``radians`` is the same multiplication in both), each part ``round``ed (PostgreSQL's ``round(float8)`` is C's
``rint``, half to even, like ``np.rint``), the same order of operations. The weights and tolerances come from
``matching.engine.config.SCORING`` as parameters. The one thing computed outside SQL is each need's 64-bit tie key
(keyed BLAKE2b of the need id, which PostgreSQL does not offer): ``need_tie_key`` gives it as a parameter; the
per-candidate mixing (splitmix64's finaliser) is done in SQL by ``bench_peer.tie_key``.

Django must be set up by the caller (table names come from the models). The statements run on plain psycopg
connections (``peer_connect``), one per thread.
"""

import hashlib

import psycopg

from bench import benchdb

LIMIT = 50
SCHEMA = "bench_peer"


def _tables() -> dict[str, str]:
    from candidates.models import Candidate, CandidateLanguage, CandidateSkill
    from employers.models import NeedCertification, NeedLanguage, NeedSkill, RecruitingWave, Site, StaffingNeed
    from matching.models import CollectiveSession, Presentation, SessionSeat
    from referentials.models import Commune, Occupation

    return {
        "candidate": Candidate._meta.db_table,
        "wish": Candidate.desired_occupations.through._meta.db_table,
        "held_certification": Candidate.certifications.through._meta.db_table,
        "held_skill": CandidateSkill._meta.db_table,
        "spoken": CandidateLanguage._meta.db_table,
        "commune": Commune._meta.db_table,
        "occupation": Occupation._meta.db_table,
        "need": StaffingNeed._meta.db_table,
        "site": Site._meta.db_table,
        "need_skill": NeedSkill._meta.db_table,
        "need_language": NeedLanguage._meta.db_table,
        "need_certification": NeedCertification._meta.db_table,
        "training": StaffingNeed.training_skills.through._meta.db_table,
        "mrs_skill": StaffingNeed.mrs_skills.through._meta.db_table,
        "wave": RecruitingWave._meta.db_table,
        "presentation": Presentation._meta.db_table,
        "session": CollectiveSession._meta.db_table,
        "session_need": CollectiveSession.needs.through._meta.db_table,
        "seat": SessionSeat._meta.db_table,
    }


# family_key() of matching.engine.columns: the letter's code × 100 + the two digits (D1408 → 6814).
_FAMILY = "(ascii({code}) * 100 + substr({code}, 2, 2)::int)"
PRESENTABLE = "status = 'active' AND consents_to_presentation"

# The need's side, common to both variants: what need_spec_build reads, as rows.
_NEED_SIDE = """
need AS (
    SELECT n.id, n.occupation_id, {need_family} AS family, m.latitude, m.longitude,
           n.start_date - DATE '1970-01-01' AS start_day, n.contract_type,
           COALESCE(NULLIF(n.working_time, ''), 'full_time') AS working_time, n.accepts_beginners,
           n.minimum_experience_years AS minimum_years, COALESCE(n.minimum_education, 0) AS minimum_education,
           n.offers_training, n.mrs_replaces_experience, n.headcount, n.hires_count,
           ARRAY(SELECT r.certification_id FROM {need_certification} r WHERE r.need_id = n.id AND r.is_mandatory)
               AS certifications,
           EXISTS (SELECT 1 FROM {need_language} r WHERE r.need_id = n.id AND r.is_mandatory) AS asks_languages
    FROM {need} n JOIN {occupation} o ON o.id = n.occupation_id
    JOIN {site} s ON s.id = n.site_id JOIN {commune} m ON m.id = s.commune_id
    WHERE n.id = %(need_id)s
),
need_skills AS (
    SELECT r.skill_id, r.importance = 'must_have' AS is_must,
           n.offers_training AND EXISTS (SELECT 1 FROM {training} t WHERE t.staffingneed_id = n.id
                                         AND t.skill_id = r.skill_id) AS is_trainable,
           EXISTS (SELECT 1 FROM {mrs_skill} x WHERE x.staffingneed_id = n.id
                   AND x.skill_id = r.skill_id) AS mrs_stands_in
    FROM {need_skill} r JOIN need n ON r.need_id = n.id
),
skill_counts AS (
    SELECT count(*) FILTER (WHERE is_must) AS must_count, count(*) FILTER (WHERE NOT is_must) AS nice_count
    FROM need_skills
),
mrs_passed AS MATERIALIZED (
    SELECT DISTINCT seat.candidate_id FROM {seat} seat
    JOIN {session} cs ON cs.id = seat.session_id AND cs.kind = 'mrs' AND cs.cancelled_at IS NULL
    JOIN {session_need} sn ON sn.collectivesession_id = cs.id JOIN need n ON sn.staffingneed_id = n.id
    WHERE seat.mrs_passed
),
excluded AS MATERIALIZED (
    SELECT p.candidate_id FROM {presentation} p JOIN need n ON p.need_id = n.id
    WHERE p.status IN ('not_hired', 'declined_by_employer', 'declined_by_candidate')
      AND p.decline_scope IS DISTINCT FROM 'wave'
),
wave_rows AS (SELECT w.* FROM {wave} w JOIN need n ON w.need_id = n.id),
open_waves AS (
    SELECT w.id AS wave_id, w.starts_on - DATE '1970-01-01' AS start_day FROM wave_rows w WHERE w.status = 'open'
    UNION ALL
    SELECT 0, n.start_day FROM need n
    WHERE NOT EXISTS (SELECT 1 FROM wave_rows)
       OR (n.headcount - (SELECT COALESCE(sum(hires_planned), 0) FROM wave_rows))
          - (n.hires_count - (SELECT COALESCE(sum(hires_count), 0) FROM wave_rows)) > 0
),
-- effective_waves(): the open waves, or the implicit one when there is none, in (start day, id) order.
waves AS (
    SELECT wave_id, start_day, (row_number() OVER (ORDER BY start_day, wave_id) - 1)::int AS position
    FROM (SELECT * FROM open_waves
          UNION ALL SELECT 0, n.start_day FROM need n WHERE NOT EXISTS (SELECT 1 FROM open_waves)) w
),
declined_in_wave AS (
    SELECT p.candidate_id, max(w.position) AS last_declined
    FROM {presentation} p JOIN need n ON p.need_id = n.id JOIN waves w ON w.wave_id = p.wave_id
    WHERE p.decline_scope = 'wave' GROUP BY p.candidate_id
),
mandatory_languages AS MATERIALIZED (
    SELECT r.language_id, r.level FROM {need_language} r JOIN need n ON r.need_id = n.id WHERE r.is_mandatory
)"""

# Every filter of _eligible_positions but the occupation family (each variant's own) and the skills (below).
_FILTERS = """
      AND CASE n.contract_type WHEN 'cdi' THEN b.accepts_cdi WHEN 'cdd' THEN b.accepts_cdd
          WHEN 'temporary' THEN b.accepts_temporary WHEN 'apprenticeship' THEN b.accepts_apprenticeship
          WHEN 'professionalisation' THEN b.accepts_professionalisation ELSE false END
      AND CASE n.working_time WHEN 'part_time' THEN b.accepts_part_time ELSE b.accepts_full_time END
      AND b.available_day <= (SELECT max(start_day) FROM waves) + %(tolerance)s::int
      AND (n.accepts_beginners OR n.minimum_years = 0 OR b.experience_years >= n.minimum_years
           OR (n.mrs_replaces_experience AND b.id IN (SELECT candidate_id FROM mrs_passed)))
      AND (n.minimum_education = 0 OR b.education_level >= n.minimum_education)
      AND abs(b.latitude - n.latitude) * (pi() * 6371.0088::float8 / 180) <= b.max_km
      AND b.latitude BETWEEN n.latitude - r.latitude_span AND n.latitude + r.latitude_span
      AND b.longitude BETWEEN n.longitude - r.longitude_span AND n.longitude + r.longitude_span
      AND b.id NOT IN (SELECT candidate_id FROM excluded)"""

_REACH = """,
reach AS (
    -- A box around the need wide enough for the farthest traveller: only a prefilter, the exact test follows.
    SELECT km / (pi() * 6371.0088::float8 / 180) * 1.001 + 0.01 AS latitude_span,
           degrees(asin(least(sin(km / 6371.0088::float8) / cos(radians(n.latitude)), 1.0::float8))) * 1.001 + 0.01
               AS longitude_span
    FROM ({farthest}) x, need n
)"""

# The distance, the first eligible wave, the skills and the five parts, then the top by score and tie key. The tie
# key is computed only for the rows that can reach the top (rank <= LIMIT keeps every tie at the boundary).
_SCORE = """,
near AS (
    SELECT e.*, d.km AS distance, COALESCE(dw.last_declined, -1) AS last_declined,
           e.id IN (SELECT candidate_id FROM mrs_passed) AS passed, {held_skills} AS held_skills
    FROM eligible e CROSS JOIN need n
    CROSS JOIN LATERAL (SELECT {schema}.haversine_km(e.latitude, e.longitude, n.latitude, n.longitude) AS km) d
    LEFT JOIN declined_in_wave dw ON dw.candidate_id = e.id
    WHERE d.km <= e.max_km
),
scored AS (
    SELECT c.id, c.distance, fw.position AS first_wave, parts.*
    FROM near c CROSS JOIN need n CROSS JOIN skill_counts sc
    CROSS JOIN LATERAL (
        -- Positions follow start days, so the first eligible wave has both the least position and start day.
        SELECT min(w.position) AS position, min(w.start_day) AS start_day FROM waves w
        WHERE c.available_day <= w.start_day + %(tolerance)s::int AND w.position > c.last_declined
    ) fw
    CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE s.is_must AND h.held) AS must_held,
               count(*) FILTER (WHERE s.is_must AND NOT h.held AND s.is_trainable) AS must_trained,
               count(*) FILTER (WHERE s.is_must AND NOT h.held AND NOT s.is_trainable) AS must_missing,
               count(*) FILTER (WHERE NOT s.is_must AND h.held) AS nice_held
        FROM need_skills s
        CROSS JOIN LATERAL (SELECT s.skill_id = ANY(c.held_skills) OR (s.mrs_stands_in AND c.passed) AS held) h
    ) k
    CROSS JOIN LATERAL (
        SELECT round(((1.0::float8 - %(nice_share)s::float8)
                      * CASE WHEN sc.must_count = 0 THEN 1.0::float8
                        ELSE (k.must_held::float8 + %(trainable_share)s::float8 * k.must_trained::float8)
                             / sc.must_count::float8 END
                      + %(nice_share)s::float8
                      * CASE WHEN sc.nice_count = 0 THEN 1.0::float8
                        ELSE k.nice_held::float8 / sc.nice_count::float8 END)
                     * %(w_skills)s::float8 * 100::float8)::int AS skills,
               round(CASE WHEN c.exact THEN 1.0::float8 ELSE %(related_share)s::float8 END
                     * %(w_occupation)s::float8 * 100::float8)::int AS occupation,
               round(least(greatest(1.0::float8 - c.distance / greatest(c.max_km, 1.0::float8), 0::float8),
                           1::float8) * %(w_commute)s::float8 * 100::float8)::int AS commute,
               round((1.0::float8 - greatest(c.available_day - fw.start_day, 0)::float8
                      / (%(tolerance)s::int + 1)::float8) * %(w_availability)s::float8 * 100::float8)::int
                   AS availability,
               round(CASE WHEN n.accepts_beginners THEN 1.0::float8
                     ELSE least(CASE WHEN n.mrs_replaces_experience AND c.passed
                                     THEN greatest(c.experience_years, n.minimum_years)
                                     ELSE c.experience_years END::float8 / %(full_years)s::float8, 1.0::float8) END
                     * %(w_experience)s::float8 * 100::float8)::int AS experience
    ) parts
    WHERE k.must_missing = 0 AND fw.position IS NOT NULL
),
ranked AS (
    SELECT s.*, s.skills + s.occupation + s.commute + s.availability + s.experience AS score FROM scored s
),
contenders AS (
    SELECT r.*, rank() OVER (ORDER BY r.score DESC) AS score_rank FROM ranked r
)
SELECT id, score, tie_key, distance, (SELECT count(*) FROM ranked) AS eligible
FROM (SELECT c.*, {schema}.tie_key(c.id, %(need_key)s) AS tie_key FROM contenders c WHERE score_rank <= %(limit)s) t
-- Unsigned order of the keys: flipping the sign bit turns it into the signed order.
ORDER BY score DESC, tie_key # (-9223372036854775808)::bigint
LIMIT %(limit)s
"""

_CANDIDATE_COLUMNS = """c.accepts_cdi, c.accepts_cdd, c.accepts_temporary, c.accepts_apprenticeship,
               c.accepts_professionalisation, c.accepts_full_time, c.accepts_part_time,
               c.accepts_related_occupations AS accepts_related, c.max_distance_km::float8 AS max_km,
               c.available_from - DATE '1970-01-01' AS available_day, c.experience_years,
               COALESCE(c.education_level, 0) AS education_level"""

_PLAIN = """,
wishes AS (
    SELECT w.candidate_id, bool_or(w.occupation_id = n.occupation_id) AS exact
    FROM need n JOIN {occupation} o ON {occupation_family} = n.family JOIN {wish} w ON w.occupation_id = o.id
    GROUP BY w.candidate_id
),
base AS (
    SELECT c.*, w.exact, m.latitude, m.longitude FROM wishes w
    CROSS JOIN LATERAL (
        -- OFFSET 0 keeps this a lookup by primary key per wish (index only, see INDEXES): the planner cannot know
        -- the box's size and would rather read every candidate of every commune in it (40,000 rows, not 5,000).
        SELECT c.id, c.commune_id, {candidate_columns}
        FROM {candidate} c WHERE c.id = w.candidate_id AND c.{presentable}
        OFFSET 0
    ) c
    JOIN {commune} m ON m.id = c.commune_id
),
eligible AS (
    SELECT b.* FROM base b CROSS JOIN need n CROSS JOIN reach r
    WHERE (b.exact OR b.accepts_related) {filters}
      -- CASE: the per-candidate look-ups run only for a need that asks a certification or a language.
      AND CASE WHEN cardinality(n.certifications) = 0 THEN true
          ELSE (SELECT count(*) FROM {held_certification} h
                WHERE h.candidate_id = b.id AND h.certification_id = ANY(n.certifications))
               = cardinality(n.certifications) END
      AND CASE WHEN NOT n.asks_languages THEN true
          ELSE NOT EXISTS (SELECT 1 FROM mandatory_languages x WHERE NOT EXISTS (
              SELECT 1 FROM {spoken} h WHERE h.candidate_id = b.id AND h.language_id = x.language_id
                                         AND h.level >= x.level)) END
)"""

_POOL = """,
eligible AS (
    SELECT b.*, n.occupation_id = ANY(b.occupation_ids) AS exact
    FROM {schema}.candidate_pool b CROSS JOIN need n CROSS JOIN reach r
    WHERE b.family = n.family AND (n.occupation_id = ANY(b.occupation_ids) OR b.accepts_related)
      {filters}
      AND b.certification_ids @> n.certifications
      AND CASE WHEN NOT n.asks_languages THEN true
          ELSE NOT EXISTS (SELECT 1 FROM mandatory_languages x
                           WHERE COALESCE(b.language_levels[array_position(b.language_ids, x.language_id)], 0)
                                 < x.level) END
)"""


def table_names() -> dict[str, str]:
    names = _tables() | {"schema": SCHEMA, "presentable": PRESENTABLE, "candidate_columns": _CANDIDATE_COLUMNS}
    names["need_family"] = _FAMILY.format(code="o.rome_code")
    names["occupation_family"] = _FAMILY.format(code="o.rome_code")
    names["bare_occupation_family"] = _FAMILY.format(code="rome_code")
    return names


def statement(variant: str) -> str:
    """The SQL text of one need's top for ``plain`` or ``pool``; parameters as ``statement_parameters`` gives."""
    names = table_names()
    need_side = "WITH " + _NEED_SIDE.format(**names)
    # Only names of this module and of the models reach the SQL text; values go through parameters.
    if variant == "plain":
        held_skills = f"ARRAY(SELECT x.skill_id FROM {names['held_skill']} x WHERE x.candidate_id = e.id)"  # noqa: S608
        farthest = f"SELECT max(max_distance_km)::float8 AS km FROM {names['candidate']} WHERE {PRESENTABLE}"  # noqa: S608
        candidates = _PLAIN.format(**names, filters=_FILTERS)
    elif variant == "pool":
        held_skills = "e.skill_ids"
        farthest = f"SELECT max(max_km) AS km FROM {SCHEMA}.candidate_pool"  # noqa: S608
        candidates = _POOL.format(**names, filters=_FILTERS)
    else:
        raise ValueError(f"unknown variant {variant!r}")
    reach = _REACH.format(farthest=farthest)
    return need_side + reach + candidates + _SCORE.format(**names, held_skills=held_skills)


def need_tie_key(need_id: int, secret: bytes) -> int:
    """The need's key of ``matching.engine.scoring.tie_keys`` as a signed bigint: the same BLAKE2b, same secret."""
    if len(secret) > 64:
        secret = hashlib.blake2b(secret).digest()
    digest = hashlib.blake2b(
        int(need_id).to_bytes(8, "little", signed=True), key=secret, digest_size=8, person=b"tremplin.ties"
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


def statement_parameters(need_id: int, secret: bytes) -> dict[str, object]:
    """The weights and tolerances of the configuration in force, the need and its tie key."""
    from matching.engine.config import SCORING

    weights = {f"w_{name}": float(weight) for name, weight in SCORING.weights.items()}
    return weights | {
        "need_id": need_id,
        "need_key": need_tie_key(need_id, secret),
        "limit": LIMIT,
        "tolerance": SCORING.availability_tolerance_days,
        "related_share": SCORING.related_occupation_share,
        "trainable_share": SCORING.trainable_skill_share,
        "nice_share": SCORING.nice_to_have_share,
        "full_years": float(SCORING.experience_full_years),
    }


def peer_connect() -> psycopg.Connection:
    """A connection to the benchmark database, without parallel workers as the project's own connections."""
    return psycopg.connect(
        dbname=benchdb.DATABASE_NAME,
        host=benchdb.DATABASE_HOST,
        port=benchdb.DATABASE_PORT,
        user=benchdb.DATABASE_USER,
        autocommit=True,
        # A need's plan does not depend on its id: planned once per connection, not at each need (6 ms).
        options="-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan",
    )


def need_top(connection: psycopg.Connection, text: str, parameters: dict[str, object]) -> list[tuple]:
    """One need's top: ``(candidate id, score, tie key as signed bigint, distance km, eligible count)`` rows."""
    return connection.execute(text, parameters, prepare=True).fetchall()
