"""The token of a candidate's link, written into its e-mail only when the e-mail is handed to the mail server.

The notice of a link (``CANDIDATE_LINK``) is rendered and recorded with ``TOKEN_PLACEHOLDER`` where the token goes
(``notifications.link_notices``): a notice waiting in the table for a retry holds no usable link, and the token is in
no task argument. ``notice_secrets_fill``, called by ``notifications.delivery`` for every notice, derives the token
again from the link's row (``matching.link_tokens``) and puts it in the bodies sent; the row is then blanked as any
sent notice's.
"""

from matching.link_tokens import link_token
from matching.models import CandidateLink

CANDIDATE_LINK_KIND = "candidate_link"
# Characters a URL path keeps as they are, and that no template escapes.
TOKEN_PLACEHOLDER = "TOKEN-WRITTEN-AT-DELIVERY"  # noqa: S105 (a placeholder, not a secret)


def candidate_link_notice_key(link_id: int) -> str:
    return f"candidate-link:{link_id}"


def notice_secrets_fill(*, kind: str, key: str, body: str, html_body: str) -> tuple[str, str]:
    """The bodies to send: for a link's notice, with the link's token in place of the placeholder."""
    if kind != CANDIDATE_LINK_KIND or TOKEN_PLACEHOLDER not in body + html_body:
        return body, html_body
    link_id = key.rpartition(":")[2]
    link = CandidateLink.objects.filter(pk=int(link_id)).only("token_salt").first() if link_id.isdigit() else None
    # A link deleted meanwhile (its candidate erased): an empty token opens the neutral page.
    token = link_token(link.token_salt) if link is not None else ""
    return body.replace(TOKEN_PLACEHOLDER, token), html_body.replace(TOKEN_PLACEHOLDER, token)
