"""Positive-action quotas: configured by staff on a need, applied only when proposals are allocated."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.models import PositiveActionQuota


@transaction.atomic
def positive_action_quota_save(*, quota: PositiveActionQuota, by: User) -> PositiveActionQuota:
    """Record who configured the quota and when; the need's proposals are allocated again after commit."""
    from matching.enums import RunScope
    from matching.services.runs import match_run_request

    quota.configured_by = by
    quota.configured_at = timezone.now()
    quota.full_clean()
    quota.save()
    match_run_request(scope=RunScope.NEED, need=quota.need, by=by)
    return quota
