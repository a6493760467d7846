"""A presented candidate's documents, for the employer once the candidate's identity is revealed to them.

The presentation is found with ``selectors.presentation_for_employer`` (another employer's, or someone who is not an
employer member, gets 404). Before the candidate has accepted the interview, and again once the presentation has
ended without a hire by this employer (``identity_is_revealed``), the employer knows them by a pseudonym only, so
their documents are not found either: a CV names its author.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from candidates.documents import document_download_response, document_of_candidate
from matching import employer_selectors as selectors
from portal.views import LOGIN_URL, MemberRequest


@login_required(login_url=LOGIN_URL)
@require_GET
def presentation_document_download(request: MemberRequest, presentation_id: int, document_id: int) -> FileResponse:
    presentation = selectors.presentation_for_employer(user=request.user, presentation_id=presentation_id)
    if not selectors.presentation_identity_is_revealed(presentation):
        raise Http404
    document = document_of_candidate(candidate_id=presentation.candidate_id, document_id=document_id)
    return document_download_response(document=document, by=request.user)
