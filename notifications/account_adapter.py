"""allauth's e-mails (confirming an address, resetting a password, an address that already has an account…) sent as
notices: recorded, sent after the commit, retried when the mail server refuses them.

accounts, the lowest layer but referentials, cannot reach notifications: this adapter extends its
``AccountAdapter`` and ``ACCOUNT_ADAPTER`` names this one (``config/settings/authentication.py``).
"""

import uuid
from typing import Any

from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string

from accounts.adapter import AccountAdapter
from notifications.kinds import ACCOUNT
from notifications.sending import notice_send_after_commit


class NoticeAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's templates for ``template_prefix`` and send them as a notice of kind ``ACCOUNT``.

        Each is a new e-mail (a new confirmation link, a new reset key): its key is random.
        """
        request = allauth_context.request
        values = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", values, request).split())
        text = render_to_string(f"{template_prefix}_message.txt", values, request).strip()
        notice_send_after_commit(
            ACCOUNT,
            recipient=email,
            message_id=uuid.uuid4().hex,
            # The subject is formatted with the context like every kind's: a "%" of allauth's must stay one.
            subject=self.format_email_subject(subject).replace("%", "%%"),
            text=text + "\n",
        )
