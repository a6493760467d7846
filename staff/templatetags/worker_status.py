"""``{% worker_status %}``: whether a Celery worker has been seen recently, for the staff workspace's header.

Shown to those whose work waits on the workers (platform staff, the admin's staff): a region observer or a partner
advisor starts no matching, and their pages skip the reading.
"""

from django import template

from accounts.access import is_platform_staff
from matching.selectors import worker_heartbeat_is_recent, worker_heartbeat_latest

register = template.Library()


@register.inclusion_tag("staff/worker_status.html", takes_context=True)
def worker_status(context: template.Context) -> dict:
    user = context.get("user")
    if user is None or not (user.is_authenticated and (user.is_staff or is_platform_staff(user))):
        return {"shown": False}
    latest = worker_heartbeat_latest()
    return {"shown": True, "latest": latest, "is_alive": worker_heartbeat_is_recent(latest)}
