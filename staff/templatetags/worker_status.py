"""``{% worker_status %}``: whether a Celery worker has been seen recently, for the staff workspace's header."""

from django import template

from matching.selectors import worker_heartbeat_is_recent, worker_heartbeat_latest

register = template.Library()


@register.inclusion_tag("staff/worker_status.html")
def worker_status() -> dict:
    latest = worker_heartbeat_latest()
    return {"latest": latest, "is_alive": worker_heartbeat_is_recent(latest)}
