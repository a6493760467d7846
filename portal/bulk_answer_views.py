"""The answer to many presented candidates of a need at once: interviews with the same slots, or one decline.

Thin: the need is fetched through ``employer_selectors.need_for_employer`` (404 for anyone else), the form offers only
the need's candidates the page shows, and ``matching.services.employer_bulk`` answers each row through the single
answer's service. The page is rendered again with the result row by row rather than redirected: the names of the
candidates refused would otherwise sit in the session's messages.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from matching import employer_selectors as selectors
from matching.employer_bulk_selectors import employer_visible_names, presentations_for_employer
from matching.services.employer_bulk import presentations_employer_bulk_answer
from portal.bulk_answer_forms import BulkAnswerForm
from portal.views import LOGIN_URL, MemberRequest, need_detail_render


@login_required(login_url=LOGIN_URL)
@require_POST
def need_bulk_answer(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    profiles = selectors.presented_profiles_for_need(need=need)
    form = BulkAnswerForm(request.POST, profiles=profiles)
    if not form.is_valid():
        return need_detail_render(request, need, bulk_form=form)
    data = form.cleaned_data
    presentations = presentations_for_employer(user=request.user, presentation_ids=data["presentations"])
    try:
        result = presentations_employer_bulk_answer(
            action=data["action"],
            presentations=presentations,
            names=employer_visible_names(profiles=profiles),
            slots=form.slots() if data["action"] == "interview" else (),
            reason_code=data.get("reason_code") or "",
            comment=data.get("comment") or "",
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:  # about the slots or the reason as a whole: shown above the form
            form.add_error(None, message)
        return need_detail_render(request, need, bulk_form=form)
    return need_detail_render(request, need, bulk_result=result)
