"""Print how many demo employers ``seed_demo --seed 2026`` needs for its staffing needs to reach a number.

``load/run.sh`` seeds a larger data set with ``LOAD_NEEDS=<needs>``: the demo plans each employer's needs from its
own random stream (one or two each, five contact centres with more), so the count is read from the plans
themselves, without writing anything. 7,423 employers give 10,000 needs.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from demo.seeding.services import referentials_snapshot  # noqa: E402
from demo.seeding.snapshot import Prepared, plan_platforms  # noqa: E402
from demo.seeding.staffing import plan_employers  # noqa: E402

SEED = 2026


def employers_for(needs: int) -> int:
    refs, _ids = referentials_snapshot()
    prepared = Prepared(refs, plan_platforms(refs))
    count = max(40, needs)  # an employer has at least one need: never more employers than needs
    planned = 0
    for number, plan in enumerate(plan_employers(prepared, seed=SEED, count=count), start=1):
        planned += len(plan.needs)
        if planned >= needs:
            return number
    return count


if __name__ == "__main__":
    print(employers_for(int(sys.argv[1])))
