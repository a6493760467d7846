"""An employer member's home (what waits for them across their needs) and the export of their presentations.

Thin: the counts and lists come from ``matching.employer_overview``, the file from ``matching.employer_exports``
(which logs the names it holds); both scope everything to the member's employer, so anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from matching.employer_exports import FILE_FORMATS, employer_presentations_export
from matching.employer_overview import OVERVIEW_LISTS, employer_overview, employer_overview_list
from portal.views import LOGIN_URL, MemberRequest


@login_required(login_url=LOGIN_URL)
@require_GET
def overview(request: MemberRequest) -> HttpResponse:
    return render(request, "portal/overview.html", {"overview": employer_overview(user=request.user)})


@login_required(login_url=LOGIN_URL)
@require_GET
def overview_list(request: MemberRequest, code: str) -> HttpResponse:
    rows = employer_overview_list(user=request.user, code=code)
    return render(request, "portal/overview_list.html", {"rows": rows, "code": code, "codes": OVERVIEW_LISTS})


def _need_id(request: MemberRequest) -> int | None:
    """The optional ``need`` of the address: a number, or the whole employer's export."""
    value = request.GET.get("need", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


@login_required(login_url=LOGIN_URL)
@require_GET
def presentations_export(request: MemberRequest, file_format: str) -> FileResponse:
    if file_format not in FILE_FORMATS:
        raise Http404
    export = employer_presentations_export(user=request.user, file_format=file_format, need_id=_need_id(request))
    return FileResponse(export.file, as_attachment=True, filename=export.filename, content_type=export.content_type)
