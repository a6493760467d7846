"""Staff pages of the candidates app that the admin does not fit: a document's download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from candidates.documents import document_download_response, document_for_staff


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    """A candidate's document, for platform staff of the candidate's platform; anyone else gets 404."""
    document = document_for_staff(user=request.user, document_id=document_id)
    return document_download_response(document=document, by=request.user)
