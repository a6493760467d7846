#!/usr/bin/env bash
# `make load`: the load test of docs/benchmarks.md ("Load test"). Employer pages, staff pages, report pages and API
# calls at 50 requests a second for 2 minutes, against gunicorn on PostgreSQL and Redis, while two Celery workers
# match in the background. Targets: p95 ≤ 300 ms for reads (and for the report pages alone) and ≤ 500 ms for writes,
# and no error.
#
#   1. the database tremplin_load: created, migrated, referentials, 100,000 demo candidates, suggestions (each step
#      only when its data is missing; LOAD_RESEED=1 seeds again). LOAD_CANDIDATES and LOAD_NEEDS ask for another
#      size, in a database of its own (LOAD_CANDIDATES=1000000 LOAD_NEEDS=10000: tremplin_load_1m), so that each
#      size is seeded once; LOAD_PREPARE_ONLY=1 stops once the data and the load users are ready, and
#      LOAD_REPORT_TIMINGS=1 times the report pages in-process first (load/report_timings.py);
#   2. static files collected (the production settings' manifest storage needs them), the load users prepared
#      (load/prepare.py writes var/load/fixture.json), and the database vacuumed and analysed;
#   3. two workers, beat, a loop asking for a full refresh every 30 s, and gunicorn on 127.0.0.1:8150; a warm-up
#      (load/warm_up.py) asks every read route through every gunicorn worker, unmeasured;
#   4. locust, headless; then everything started here is stopped, even on an error or Ctrl-C, and the figures, the
#      target check and the machine are printed.
#
# Uses Redis databases 5 (cache) and 6 (broker) and var/load/ for every file it writes (logs, CSV, summary).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin="${LOAD_BIN:-.venv/bin}"
python="$bin/python"
users="${LOAD_USERS:-50}"         # 50 users at 1 request a second each: 50 requests a second
candidates="${LOAD_CANDIDATES:-100000}"
needs="${LOAD_NEEDS:-0}"          # 0: the needs of 40 employers (57); otherwise as many employers as it takes
if [[ "$candidates" == 100000 && "$needs" == 0 ]]; then
    database=tremplin_load
elif ((candidates % 1000000 == 0)); then
    database="tremplin_load_$((candidates / 1000000))m"
else
    database="tremplin_load_$((candidates / 1000))k"
fi
database="${LOAD_DATABASE:-$database}"
run_time="${LOAD_RUN_TIME:-2m}"
gunicorn_class="${LOAD_GUNICORN_CLASS:-sync}"
gunicorn_workers="${LOAD_GUNICORN_WORKERS:-4}"
gunicorn_threads="${LOAD_GUNICORN_THREADS:-1}"
out="$root/var/load"
mkdir -p "$out/celery"
rm -f "$out/top.txt" "$out/summary.json" "$out/cpu-before.json" "$out/cpu-after.json" "$out"/cpu-by-route-*.log
# LOAD_CPU_BY_ROUTE=1: each request's CPU in gunicorn, summed up by route at the end (load/cpu_by_route.py).
gunicorn_config=()
[[ "${LOAD_CPU_BY_ROUTE:-0}" == 1 ]] && gunicorn_config=(-c load/cpu_by_route.py)

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
export REDIS_URL="redis://127.0.0.1:6379/5"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/6"
export DJANGO_SETTINGS_MODULE="config.settings.production"
export DJANGO_SECRET_KEY="load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT="false"
export EMAIL_URL="consolemail://"
export TREMPLIN_VAR_DIR="$out"                    # static files, beat schedule: all under var/load/
export TREMPLIN_SOURCES_DIR="$root/var/sources"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"

say() { echo "[$(date '+%H:%M:%S')] $*"; }
sql() { psql -h 127.0.0.1 -U postgres -d "$database" -Atc "$1"; }
manage() { "$python" manage.py "$@"; }

# 1. The data.
if [[ "$(psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]]; then
    say "creating the database $database"
    createdb -h 127.0.0.1 -U postgres "$database"
fi
say "migrating"
manage migrate --no-input -v 0
if [[ "$(sql 'SELECT count(*) FROM referentials_occupation')" == 0 ]]; then
    ls var/sources/*.whl >/dev/null 2>&1 || make -s sources
    say "loading the referentials"
    manage load_referentials
fi
if [[ "${LOAD_RESEED:-0}" == 1 || "$(sql 'SELECT count(*) FROM candidates_candidate')" -lt "$candidates"
      || "$(sql 'SELECT count(*) FROM employers_staffingneed')" -lt "$needs" ]]; then
    employers=40
    ((needs == 0)) || employers=$("$python" load/employers_for_needs.py "$needs")
    say "seeding $candidates candidates and $employers employers"
    # Production settings refuse demo data; this database is the load test's own (its users: load/prepare.py).
    manage seed_demo --candidates "$candidates" --employers "$employers" --seed 2026 --i-know-this-is-not-production
fi
if [[ "${LOAD_RESEED:-0}" == 1 || "$(sql 'SELECT count(*) FROM matching_matchsuggestion')" == 0 ]]; then
    say "computing the suggestions"
    manage match --all --sync --top 0
fi
manage collectstatic --no-input -v 0
say "preparing the load users"
"$python" load/prepare.py
# Each refresh rewrites the suggestions: a server whose autovacuum is off (as on the machines this was measured on)
# keeps every dead row and stale statistics, and the pages' plans degrade from one run to the next.
say "vacuuming and analysing $database (autovacuum is $(sql 'SHOW autovacuum') on this server)"
sql 'VACUUM (ANALYZE)' >/dev/null
if [[ "${LOAD_REPORT_TIMINGS:-0}" == 1 ]]; then
    say "timing the report figures' rebuild and the report pages, cold and warm (load/report_timings.py)"
    "$python" load/report_timings.py
fi
if [[ "${LOAD_PREPARE_ONLY:-0}" == 1 ]]; then
    say "$database is ready: $(sql 'SELECT count(*) FROM candidates_candidate') candidates," \
        "$(sql 'SELECT count(*) FROM employers_staffingneed') needs"
    exit 0
fi

# 2. The services. Every process started here is stopped on exit, by its own id.
pids=()
stop_all() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

"$bin/celery" -A config purge -f >/dev/null
matching_pids=()
# The workers run at a lower priority than the web server: on two shared cores, a full refresh then takes the CPU
# the pages leave idle instead of making them wait (LOAD_WORKER_NICE=0 to compare).
worker_nice="${LOAD_WORKER_NICE:-10}"
for index in 1 2; do
    nice -n "$worker_nice" "$bin/celery" -A config worker --concurrency 1 --pool prefork -n "load-$index-$$@%h" --loglevel WARNING \
        --without-gossip --without-mingle >"$out/worker-$index.log" 2>&1 &
    pids+=($!) matching_pids+=($!)
done
"$bin/celery" -A config beat --loglevel WARNING -s "$out/celery/beat-schedule" >"$out/beat.log" 2>&1 &
pids+=($!) matching_pids+=($!)
# Sync workers without keep-alive: each request goes to an idle worker, as behind a proxy. With keep-alive, locust's
# 50 connections stayed with the worker that accepted them, and one worker served nearly all of them.
"$bin/gunicorn" config.wsgi --bind 127.0.0.1:8150 --worker-class "$gunicorn_class" --workers "$gunicorn_workers" \
    --threads "$gunicorn_threads" --keep-alive 0 --timeout 30 --no-control-socket "${gunicorn_config[@]}" \
    >"$out/gunicorn.log" 2>&1 &
pids+=($!) gunicorn_pid=$!
say "waiting for gunicorn and the workers"
for _ in $(seq 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8150/accounts/login/ || true)
    [[ "$code" == 200 ]] && break
    sleep 0.5
done
[[ "$code" == 200 ]] || { echo "gunicorn did not answer (last status $code); see $out/gunicorn.log"; exit 1; }
workers_up=0
for _ in $(seq 30); do
    if "$bin/celery" -A config inspect ping --timeout 2 -d "load-1-$$@$(hostname),load-2-$$@$(hostname)" \
        2>/dev/null | grep -c pong | grep -qx 2; then workers_up=1; break; fi
    sleep 1
done
((workers_up)) || { echo "the workers did not answer; see $out/worker-*.log"; exit 1; }
"$python" load/refresh_loop.py >"$out/refresh.log" 2>&1 &
pids+=($!) matching_pids+=($!)
say "warming up (the background matching has started)"
"$python" load/warm_up.py "$gunicorn_workers"
rm -f "$out"/cpu-by-route-*.log  # the warm-up is not measured

# 3. The test.
started_at=$(date -u '+%Y-%m-%d %H:%M:%S+00')
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
say "locust: $users users, $run_time, load average $load_before"
# Halfway through: what is using the two cores (ours and anyone else's).
(sleep 60; top -b -n 1 -w 160 -o %CPU | sed -n '7,19p' >"$out/top.txt") &
pids+=($!)
"$python" load/cpu_seconds.py "$gunicorn_pid" "${matching_pids[@]}" >"$out/cpu-before.json"
status=0
"$bin/locust" -f load/locustfile.py --headless -u "$users" -r "$users" --run-time "$run_time" \
    --host http://127.0.0.1:8150 --csv "$out/load" --html "$out/report.html" --only-summary \
    --loglevel WARNING ${LOAD_USER_CLASSES:-} || status=$?
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)
"$python" load/cpu_seconds.py "$gunicorn_pid" "${matching_pids[@]}" >"$out/cpu-after.json"
stop_all

# 4. The figures.
echo
"$python" - "$out" <<'EOF'
import csv, json, sys
from pathlib import Path

out = Path(sys.argv[1])
summary = json.loads((out / "summary.json").read_text())
print(f"{'route':58} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
for row in csv.DictReader((out / "load_stats.csv").open()):
    if row["Name"] != "Aggregated":
        print(f"{row['Name'][:58]:58} {row['Request Count']:>8} {row['Failure Count']:>5} {row['50%']:>6} "
              f"{row['95%']:>6} {row['99%']:>6}")
print()
for kind in ("reads", "writes", "reports"):
    if kind not in summary:
        continue
    f = summary[kind]
    print(f"{kind:7}: {f['requests']:>6} requests, {f['failures']} failures, p50 {f.get('p50_ms')} ms, "
          f"p95 {f.get('p95_ms')} ms, p99 {f.get('p99_ms')} ms, max {f.get('max_ms')} ms; "
          f"target p95 ≤ {f['p95_target_ms']} ms and no failure: {'met' if f['met'] else 'MISSED'}")
print(f"total  : {summary['requests']} requests in {summary['seconds']} s = {summary['requests_per_second']} per second, "
      f"{summary['write_share']:.0%} writes, {summary['failures']} failures")
print(f"targets: {'all met' if summary['targets_met'] else 'MISSED'}")
before = json.loads((out / "cpu-before.json").read_text())
after = json.loads((out / "cpu-after.json").read_text())
used = {group: sum(t - before.get(group, {}).get(pid, 0.0) for pid, t in pids.items()) for group, pids in after.items()}
total = sum(used.values())
per_request = 1000 / max(summary["requests"], 1)
print(f"CPU used by the test: {total:.0f} s over {summary['seconds']} s = {total / summary['seconds']:.2f} cores of 2 "
      f"(web {used['web']:.0f} s = {used['web'] * per_request:.1f} ms a request; Celery {used['matching']:.0f} s; "
      f"PostgreSQL, for both, {used['database']:.0f} s)")
EOF
echo
echo "background matching during the test (runs created since $started_at):"
sql "SELECT scope || ': ' || count(*) || ' runs, ' || count(*) FILTER (WHERE status = 'succeeded') || ' succeeded, '
       || coalesce(round(avg(extract(epoch FROM finished_at - started_at))::numeric, 2), 0) || ' s each on average'
     FROM matching_matchrun WHERE created_at >= '$started_at' GROUP BY scope ORDER BY scope" | sed 's/^/  /'
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "gunicorn: $gunicorn_workers workers × $gunicorn_threads threads ($gunicorn_class, no keep-alive); 2 Celery workers (concurrency 1), beat"
echo "load average: $load_before before, $load_after after; top, one minute in:"
sed 's/^/  /' "$out/top.txt" 2>/dev/null || true
if [[ "${LOAD_CPU_BY_ROUTE:-0}" == 1 ]] && compgen -G "$out/cpu-by-route-*.log" >/dev/null; then
    echo "web CPU by route (the worker's own, without PostgreSQL's):"
    cat "$out"/cpu-by-route-*.log | "$python" -c '
import collections, sys
spent = collections.defaultdict(list)
for line in sys.stdin:
    method, route, ms = line.split()
    spent[f"{method} {route}"].append(float(ms))
total = sum(map(sum, spent.values())) or 1.0
for route, values in sorted(spent.items(), key=lambda item: -sum(item[1])):
    values.sort()
    print(f"  {sum(values) / total:6.1%} of it  {len(values):5d} requests  median {values[len(values) // 2]:6.1f} ms  {route}")
' || true
fi
echo "files: $out/load_stats.csv, $out/report.html, $out/summary.json, logs in $out/"
exit "$status"
