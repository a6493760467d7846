"""The form to write on a need's thread (the staff workspace's). The service checks the text itself
(``matching.services.threads``): what is typed is kept when it refuses it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models.threads import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_(
            "The employer reads this thread: name only the candidates whose identity the employer was given, and "
            "refer to the others by their pseudonym or file number."
        ),
        error_messages={"required": _("Write a message.")},
    )
