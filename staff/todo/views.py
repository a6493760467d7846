"""The advisor's to-do page, the staff workspace's home (``/staff/``): what waits today, each item one click from
where it is done. The reads are ``matching.todo_selectors``'; ``staff_home`` sends whoever opens the site's root
to their home (platform staff here, employers to the portal).

Platform staff only (anyone else: 404, as every staff page). The page names candidates: it is one entry of the
access log (``LISTED``, with the scope chosen), not one per name.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import employer_id_for, is_platform_staff
from candidates.audit import personal_data_list_record
from employers.lead_selectors import leads_overdue
from matching.thread_selectors import needs_with_messages_waiting
from matching.todo_selectors import todo_sections
from staff.requests import StaffRequest
from staff.todo.header_total import todo_header_total_keep

TODO_LEADS_SHOWN = 10
SCOPE_MINE = "mine"
SCOPE_PLATFORM = "platform"


@login_required
@require_GET
def todo(request: StaffRequest) -> HttpResponse:
    if not is_platform_staff(request.user):
        raise Http404
    scope = SCOPE_PLATFORM if request.GET.get("scope") == SCOPE_PLATFORM else SCOPE_MINE
    sections = todo_sections(user=request.user, mine=scope == SCOPE_MINE)
    personal_data_list_record(actor=request.user, page="to_do", filters={"scope": scope})
    total = sum(section.total for section in sections)
    if scope == SCOPE_MINE:
        # The header counts the same items: it shows this total rather than one kept from before.
        request._todo_header_total = total
        todo_header_total_keep(request.user, total)
    context = {
        "title": _("To do"),
        "scope": scope,
        "sections": {section.name: section for section in sections},
        "total": total,
        # Messages are the reader's own: the same whatever the scope chosen.
        "messages_waiting": needs_with_messages_waiting(user=request.user),
        # The platform's promise of a visit within ten days of an employer's first contact.
        "leads_overdue": list(leads_overdue(user=request.user)[:TODO_LEADS_SHOWN]),
    }
    return render(request, "staff/todo/todo.html", context)


@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    """The site's root: platform staff land on their to-do page, employer members on the portal, anyone else on
    the admin's login page."""
    user = request.user
    if is_platform_staff(user):
        return HttpResponseRedirect(reverse("staff:todo"))
    if user.is_authenticated and employer_id_for(user) is not None:
        return HttpResponseRedirect(reverse("portal:home"))
    return HttpResponseRedirect(reverse("admin:index"))
