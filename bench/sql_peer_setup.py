"""The SQL peer's set-up in the benchmark database: its functions, the indexes of the plain variant, the pool.

Everything lives in ``tremplin_bench`` only, never in a migration: the schema ``bench_peer`` (the functions and the
materialized view) and indexes named ``peer_*`` on the project's tables. Each step is idempotent, so a second run
finds everything in place and only refreshes the pool and the statistics.
"""

import hashlib

import psycopg

from bench.sql_peer import SCHEMA, table_names

# haversine_km: matching.engine.scoring.haversine_km operation for operation (x ** 2 is x * x in numpy), so that
# float8 gives the same bits. tie_key: splitmix64's finaliser of tie_keys; bigint raises on overflow where numpy
# wraps, so each product is taken modulo 2^64 in numeric and brought back to a signed bigint.
_FUNCTIONS = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE OR REPLACE FUNCTION {SCHEMA}.haversine_km(latitude float8, longitude float8, to_latitude float8,
                                                 to_longitude float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 2 * 6371.0088::float8 * asin(sqrt(least(
        sin((radians(to_latitude) - radians(latitude)) / 2) * sin((radians(to_latitude) - radians(latitude)) / 2)
        + cos(radians(latitude)) * cos(radians(to_latitude))
          * (sin(radians(to_longitude - longitude) / 2) * sin(radians(to_longitude - longitude) / 2)),
        1.0::float8)))
$$;
CREATE OR REPLACE FUNCTION {SCHEMA}.tie_key(candidate_id bigint, need_key bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    two64 CONSTANT numeric := 18446744073709551616;
    z numeric := ((candidate_id # need_key)::numeric + two64 + 11400714819323198485) % two64;
    s bigint;
BEGIN
    s := (CASE WHEN z >= 9223372036854775808 THEN z - two64 ELSE z END)::bigint;
    z := ((s # ((s >> 30) & 17179869183))::numeric + two64) % two64 * 13787848793156543929 % two64;
    s := (CASE WHEN z >= 9223372036854775808 THEN z - two64 ELSE z END)::bigint;
    z := ((s # ((s >> 27) & 137438953471))::numeric + two64) % two64 * 10723151780598845931 % two64;
    s := (CASE WHEN z >= 9223372036854775808 THEN z - two64 ELSE z END)::bigint;
    RETURN s # ((s >> 31) & 8589934591);
END
$$;
"""


# One row per candidate and occupation family they want, stored in family order: a need reads one contiguous range.
POOL_VIEW = """
CREATE MATERIALIZED VIEW {schema}.candidate_pool AS
SELECT f.family, p.* FROM (
    SELECT c.id, m.latitude, m.longitude, {candidate_columns},
           ARRAY(SELECT w.occupation_id FROM {wish} w WHERE w.candidate_id = c.id ORDER BY 1) AS occupation_ids,
           ARRAY(SELECT DISTINCT {occupation_family} FROM {wish} w JOIN {occupation} o ON o.id = w.occupation_id
                 WHERE w.candidate_id = c.id ORDER BY 1) AS families,
           ARRAY(SELECT h.skill_id FROM {held_skill} h WHERE h.candidate_id = c.id ORDER BY 1) AS skill_ids,
           ARRAY(SELECT h.certification_id FROM {held_certification} h WHERE h.candidate_id = c.id ORDER BY 1)
               AS certification_ids,
           ARRAY(SELECT h.language_id FROM {spoken} h WHERE h.candidate_id = c.id ORDER BY 1) AS language_ids,
           ARRAY(SELECT h.level FROM {spoken} h WHERE h.candidate_id = c.id ORDER BY h.language_id) AS language_levels
    FROM {candidate} c JOIN {commune} m ON m.id = c.commune_id
    WHERE c.{presentable}
) p CROSS JOIN LATERAL unnest(p.families) AS f(family)
ORDER BY f.family, p.id
WITH NO DATA;
CREATE UNIQUE INDEX candidate_pool_family ON {schema}.candidate_pool (family, id);
CREATE INDEX candidate_pool_max_km ON {schema}.candidate_pool (max_km);
"""

# The plain variant's indexes, on the project's tables of the benchmark database only (never a migration).
INDEXES = (
    # The occupations of the need's family, by family_key.
    ("peer_occupation_family", "{occupation} ({bare_occupation_family})"),
    # The candidates who want one of them, read from the index alone.
    ("peer_wish_by_occupation", "{wish} (occupation_id, candidate_id)"),
    # Each of those candidates, when presentable, with every column a filter or a part reads: no visit of the table.
    (
        "peer_candidate_presentable_matching",
        "{candidate} (id) INCLUDE (commune_id, max_distance_km, available_from, experience_years, education_level,"
        " accepts_cdi, accepts_cdd, accepts_temporary, accepts_apprenticeship, accepts_professionalisation,"
        " accepts_full_time, accepts_part_time, accepts_related_occupations) WHERE {presentable}",
    ),
    # The farthest anyone travels, which sizes the box around the need: one step down the index.
    ("peer_candidate_presentable_reach", "{candidate} (max_distance_km) WHERE {presentable}"),
)


def peer_prepare(connection: psycopg.Connection) -> list[str]:
    """Create the functions, the plain variant's indexes and the pool's view where missing; return the indexes
    made."""
    names = table_names()
    made = []
    connection.execute(_FUNCTIONS)
    existing = {row[0] for row in connection.execute("SELECT indexname FROM pg_indexes")}
    for name, target in INDEXES:
        if name not in existing:
            connection.execute(f"CREATE INDEX {name} ON {target.format(**names)}")
            made.append(name)
    # The view is made again when its definition changed (its comment holds a digest of the definition).
    definition = POOL_VIEW.format(**names)
    digest = hashlib.sha256(definition.encode()).hexdigest()[:16]
    stored = connection.execute(
        "SELECT obj_description(to_regclass(%s), 'pg_class')", [f"{SCHEMA}.candidate_pool"]
    ).fetchone()
    if stored is None or stored[0] != digest:
        connection.execute(f"DROP MATERIALIZED VIEW IF EXISTS {SCHEMA}.candidate_pool")
        connection.execute(definition)
        connection.execute(f"COMMENT ON MATERIALIZED VIEW {SCHEMA}.candidate_pool IS '{digest}'")
    return made


def tables_vacuum(connection: psycopg.Connection) -> None:
    """VACUUM (ANALYZE) the tables the peer reads: index-only scans need the visibility map, which this database's
    server, run without autovacuum, never writes by itself; the planner needs the statistics of the new indexes."""
    names = table_names()
    tables = ("candidate", "wish", "held_skill", "held_certification", "spoken", "commune", "occupation")
    connection.execute("VACUUM (ANALYZE) " + ", ".join(names[key] for key in tables))


def pool_refresh(connection: psycopg.Connection) -> None:
    """Fill the pool from the tables as they are now, and give the planner its statistics."""
    connection.execute(f"REFRESH MATERIALIZED VIEW {SCHEMA}.candidate_pool")
    connection.execute(f"ANALYZE {SCHEMA}.candidate_pool")
