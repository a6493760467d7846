"""A candidate's document, downloaded by platform staff: of the candidate's platform, or of a platform the candidate
was handed off to (``matching.access``). Anyone else gets 404; every download is logged."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from candidates.documents import document_download_response, document_for_staff
from matching.access import candidates_handed_off_to
from staff.requests import StaffRequest


@login_required
@require_GET
def document_download(request: StaffRequest, document_id: int) -> FileResponse:
    document = document_for_staff(
        user=request.user, document_id=document_id, also_candidates=candidates_handed_off_to(request.user)
    )
    return document_download_response(document=document, by=request.user)
