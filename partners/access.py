"""Who may open the partners' pages: advisors of a partner organisation, and nobody else (404, as for a page that
does not exist). Anonymous visitors are sent to the login first."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from accounts.access import partner_id_for
from accounts.models import PartnerOrganisation


def partner_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give the view ``request.partner``, the user's partner organisation; a 404 for anyone who advises for none."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        partner_id = partner_id_for(request.user)
        partner = PartnerOrganisation.objects.filter(pk=partner_id).first() if partner_id is not None else None
        if partner is None:
            raise Http404
        request.partner = partner
        return view(request, *args, **kwargs)

    return wrapped
