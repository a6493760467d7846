#!/usr/bin/env bash
# `make bench`: every benchmark in order, each printing its figures beside a baseline measured in the same run.
#   1. engine_bench.py      one need against 1,000,000 in-memory candidates (no database); again with 2,000 skills
#                           for the memory a worker holds (issue 20's target)
#   3. allocation_bench.py  proposals spread over 200 needs, against scipy's assignment solver
#   2. refresh_bench.py     full refresh of 1,000 needs × 100,000 candidates on PostgreSQL, Redis, 2 Celery workers
#   4. latency_bench.py     saved need → suggestions stored, through a real worker (again at 1,000,000 candidates)
#   5. import_bench.py      the check of a 50,000-row candidate file, as its Celery task does it, on PostgreSQL
#   6. coverage_bench.py    mass-hiring openings covered by k proposals after a full refresh, against the optimum
#   7. board_bench.py       a need's review board (300 openings, 600 presentations), against its review page
#   8. occupation_suggest_bench.py  occupation suggestions from everyday words, against the label-contains search
#   9. peer_bench.py        one need and a full refresh against the same filters and score in SQL (indexed tables,
#                           a materialized pool); fails when a top 50 differs from the engine's; again at
#                           1,000,000 candidates (tremplin_bench_1m, seeded once: about 10 minutes)
#  10. warm_columns_bench.py a one-need run with the columns kept warm, against reading them afresh (ADR 0014)
#  11. national.py          a national refresh simulated on France's communes, partitioned by département (ADR 0015)
#  12. pages_bench.py       staff and portal pages at 1,000,000 candidates beside 100,000: only when the load test's
#                           databases exist (LOAD_CANDIDATES=1000000 make load makes the larger one)
# The database benchmarks start their own workers and stop them, even when interrupted; a failing benchmark does
# not stop the others, but makes the whole run fail.
set -u
cd "$(dirname "$0")/.."
python="${BENCH_PYTHON:-.venv/bin/python}"
failed=()
for script in engine_bench allocation_bench refresh_bench latency_bench import_bench coverage_bench board_bench occupation_suggest_bench peer_bench warm_columns_bench national pages_bench; do
    echo
    echo "=== bench/${script}.py ($(date '+%H:%M:%S'), load average $(cut -d ' ' -f 1 /proc/loadavg))"
    if [[ "$script" == pages_bench ]] && ! psql -h 127.0.0.1 -U postgres -lqt | cut -d '|' -f 1 | grep -qw tremplin_load_1m; then
        echo "skipped: the load test's 1,000,000-candidate database is missing (LOAD_CANDIDATES=1000000 make load)"
        continue
    fi
    "$python" "bench/${script}.py" || failed+=("$script")
    if [[ "$script" == engine_bench ]]; then
        echo
        echo "=== bench/${script}.py --skills 2000 --runs 10 ($(date '+%H:%M:%S'), load average $(cut -d ' ' -f 1 /proc/loadavg))"
        "$python" "bench/${script}.py" --skills 2000 --runs 10 || failed+=("$script with 2,000 skills")
    fi
    if [[ "$script" == peer_bench || "$script" == latency_bench ]]; then
        # The same at 1,000,000 candidates (tremplin_bench_1m, seeded on the first run: about 10 minutes).
        echo
        echo "=== bench/${script}.py --candidates 1000000 ($(date '+%H:%M:%S'), load average $(cut -d ' ' -f 1 /proc/loadavg))"
        "$python" "bench/${script}.py" --candidates 1000000 || failed+=("$script at 1,000,000")
    fi
done
echo
if ((${#failed[@]})); then
    echo "failed: ${failed[*]}"
    exit 1
fi
echo "all benchmarks ran."
