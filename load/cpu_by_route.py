"""A gunicorn configuration that writes each request's CPU time, by route, for the load test's per-route table.

``LOAD_CPU_BY_ROUTE=1 bash load/run.sh`` passes it to gunicorn (``-c``). Each worker appends ``method route ms``
lines to ``var/load/cpu-by-route-<pid>.log``; ``load/run.sh`` sums them up after the run. The CPU is that of the
thread serving the request (``time.thread_time``, right with gthread workers too) between ``pre_request`` and
``post_request``: PostgreSQL's is not in it. Writing the line costs a little CPU of its own, counted in the test's
total (not in the request's).
Routes are named as locust names them: ids become ``[id]`` and a search keeps only ``?q=``.
"""

import os
import re
import time
from pathlib import Path

OUT = Path(os.environ.get("TREMPLIN_VAR_DIR", "var/load"))
ID = re.compile(r"/\d+")


def pre_request(worker, request) -> None:  # type: ignore[no-untyped-def]  # gunicorn's server hook
    request.cpu_started = time.thread_time()


def post_request(worker, request, environ, response) -> None:  # type: ignore[no-untyped-def]  # gunicorn's hook
    spent = time.thread_time() - getattr(request, "cpu_started", time.thread_time())
    route = ID.sub("/[id]", request.path) + ("?q=" if "q=" in (request.query or "") else "")
    with open(OUT / f"cpu-by-route-{os.getpid()}.log", "a") as log:
        log.write(f"{request.method} {route} {spent * 1000:.2f}\n")
