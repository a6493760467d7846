"""Ask for a full matching refresh every ``LOAD_REFRESH_EVERY`` seconds (30 by default) until stopped.

``load/run.sh`` runs it beside the workers during the load test, so that matching runs in the background the whole
time (the nightly refresh of ``CELERY_BEAT_SCHEDULE``, brought forward). It sends the beat's own task,
``matching.tasks.match_run_full_refresh``, by name: a refresh already queued absorbs the next request, so a slow
refresh never piles up. It imports Celery's app only, not the whole of Django.
"""

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.celery import app

EVERY = float(os.environ.get("LOAD_REFRESH_EVERY", "30"))


def main() -> None:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    sent = 0
    while True:
        app.send_task("matching.tasks.match_run_full_refresh")
        sent += 1
        print(f"{time.strftime('%H:%M:%S')} full refresh requested ({sent})", flush=True)
        time.sleep(EVERY)


if __name__ == "__main__":
    main()
