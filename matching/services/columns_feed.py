"""The change feed of the candidates' columns, pruned: rows older than a day are read by no worker any more.

A worker reads every candidate again at least every ``MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS`` (an hour by default),
and reads the feed only from its last reading on: a row a day old is behind every worker's state.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from matching.models import CandidateColumnsChange

FEED_KEPT = datetime.timedelta(days=1)


def columns_feed_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the feed rows no worker can still need; returns how many."""
    kept = max(FEED_KEPT, datetime.timedelta(seconds=2 * settings.MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS))
    deleted, _by_model = CandidateColumnsChange.objects.filter(changed_at__lt=(now or timezone.now()) - kept).delete()
    return deleted
