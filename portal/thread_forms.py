"""The form to write on a need's thread (the portal's). The service checks the text itself
(``matching.services.threads``): what is typed is kept when it refuses it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models.threads import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Refer to candidates by the pseudonym shown on the need: a name, e-mail address or phone number is "
            "accepted only for candidates whose identity you were given."
        ),
        error_messages={"required": _("Write a message.")},
    )
