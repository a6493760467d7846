"""``{% todo_link %}``: the link to the to-do page in the staff pages' header, with how many items wait.

The total is the user's own candidates' (the page's default scope), kept a minute at most
(``staff.todo.header_total``). Nothing for users who are not platform staff.
"""

from django import template

from accounts.access import is_platform_staff
from staff.todo.header_total import todo_header_total

register = template.Library()


@register.inclusion_tag("staff/todo/_header_link.html", takes_context=True)
def todo_link(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not is_platform_staff(user):
        return {"shown": False}
    # A page rendering the header twice reads the total once.
    if not hasattr(request, "_todo_header_total"):
        request._todo_header_total = todo_header_total(user)
    return {"shown": True, "total": request._todo_header_total}
