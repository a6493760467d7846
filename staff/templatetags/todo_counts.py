"""``{% todo_link %}``: the link to the to-do page in the staff pages' header, with how many items wait.

The counts are the user's own candidates' (the page's default scope), read in one query
(``matching.todo_selectors.todo_counts``) and kept on the request, so that a page rendering the header twice pays once.
Nothing for users who are not platform staff.
"""

from django import template

from accounts.access import is_platform_staff
from matching.todo_selectors import todo_counts

register = template.Library()


@register.inclusion_tag("staff/todo/_header_link.html", takes_context=True)
def todo_link(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not is_platform_staff(user):
        return {"shown": False}
    if not hasattr(request, "_todo_counts"):
        request._todo_counts = todo_counts(user=user)
    return {"shown": True, "total": sum(request._todo_counts.values())}
