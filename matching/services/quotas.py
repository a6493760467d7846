"""Positive-action quotas: configured by staff on a need, applied only when proposals are allocated."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.enums import RunScope
from matching.models import PositiveActionQuota
from matching.services.runs import match_run_request


@transaction.atomic
def positive_action_quota_save(*, quota: PositiveActionQuota, by: User) -> PositiveActionQuota:
    """Record who configured the quota and when; the need's proposals are allocated again after commit."""
    quota.configured_by = by
    quota.configured_at = timezone.now()
    quota.full_clean()
    quota.save()
    match_run_request(scope=RunScope.NEED, need=quota.need, by=by)
    return quota


@transaction.atomic
def positive_action_quota_delete(*, quota: PositiveActionQuota, by: User) -> None:
    """Remove the quota; the need is matched again after commit, as when a quota is saved."""
    need = quota.need
    quota.delete()
    match_run_request(scope=RunScope.NEED, need=need, by=by)
