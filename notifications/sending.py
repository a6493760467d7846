"""Sending a notice of a declared kind (``notifications.kinds``): render it, record it under its key, send it.

``notice_send`` sends at once; the tasks use it, each already after the commit of the change it follows.
``notice_send_after_commit`` records the notice in the caller's transaction and sends it once that commits: a change
rolled back leaves no notice, and a committed one is sent even when the mail server is out of reach then (the row
waits for ``notices_retry``). Neither raises into the caller when sending fails (``notifications.delivery``).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from notifications.delivery import notice_deliver, notice_record
from notifications.kinds import NoticeKind
from notifications.models import Notice


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


def notice_render(kind: NoticeKind, context: Mapping[str, Any]) -> RenderedNotice:
    """The notice's subject, text and HTML, in the context's ``language`` when it names one (a candidate's), else in
    the site's language (the recipient's is not known)."""
    with translation.override(context.get("language") or settings.LANGUAGE_CODE):
        subject = str(kind.subject if kind.subject is not None else context["subject"]) % context
        return RenderedNotice(
            subject=subject,
            text=render_to_string(f"{kind.template}.txt", dict(context)),
            html=render_to_string(f"{kind.template}.html", dict(context)),
        )


def _record(kind: NoticeKind, recipient: str, context: Mapping[str, Any]) -> Notice | None:
    context = {**context, "recipient": recipient}
    rendered = notice_render(kind, context)
    return notice_record(
        key=kind.key(context),
        kind=kind.name,
        recipient=recipient,
        subject=rendered.subject,
        body=rendered.text,
        html_body=rendered.html,
    )


def notice_send(kind: NoticeKind, *, recipient: str, **context: Any) -> bool:
    """Send a notice of ``kind`` to ``recipient`` now, unless its key was already recorded; True if sent now.

    One that cannot be sent now stays recorded and is sent again by ``notices_retry``.
    """
    notice = _record(kind, recipient, context)
    return notice is not None and notice_deliver(notice=notice)


def notice_send_after_commit(kind: NoticeKind, *, recipient: str, **context: Any) -> Notice | None:
    """Record a notice of ``kind`` in the current transaction and send it once the transaction commits.

    ``None`` when its key was already recorded. A rollback takes the notice with it.
    """
    notice = _record(kind, recipient, context)
    if notice is not None:
        # Robust: the change has committed; an unexpected error here must not reach the caller.
        transaction.on_commit(lambda: notice_deliver(notice=notice), robust=True)
    return notice
