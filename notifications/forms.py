"""The notice settings form, shared by the portal's and the staff workspace's settings pages."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from notifications.preferences import notice_kinds_for, notice_preferences_for, notice_preferences_save


class NoticePreferencesForm(forms.Form):
    """One choice per kind the user may choose, named after the kind; starts from what they chose before."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", notice_preferences_for(user=user))
        super().__init__(*args, **kwargs)
        self.user = user
        for kind in notice_kinds_for(user=user):
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=kind.frequency_choices(),
                widget=forms.RadioSelect,
            )

    def save(self) -> bool:
        """Record the choices of a valid form (``notice_preferences_save``); False, with its errors, if refused."""
        try:
            notice_preferences_save(user=self.user, choices=self.cleaned_data)
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return True
