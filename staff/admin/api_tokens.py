"""Admin for API tokens: staff create tokens for themselves (the key is shown once, in a message) and revoke them.

Creating one asks the current code of the staff member's authenticator app, as the login does: a token opens the
staff API without it. A staff user sees their own tokens and, as a manager, those of their platforms' staff, which
they may revoke; a superuser sees everyone's. Creating and revoking go through ``accounts.api_tokens``, as on the
portal; a token's hash is never shown.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import api_tokens
from accounts.models import ApiToken, User
from staff.admin_search import PrivateSearchAdminMixin


class ApiTokenCreateForm(forms.ModelForm):
    """The add page's form: the token is created when the form is checked, so that a refused code (or expiry) is
    shown on the form, where the user can type it again."""

    totp_code = forms.CharField(
        label=gettext_lazy("Authenticator code"),
        max_length=10,
        help_text=gettext_lazy("The code your authenticator app shows now: a staff token opens personal data."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    user: User  # set by ApiTokenAdmin.get_form

    class Meta:
        model = ApiToken
        fields = ["name", "expires_at"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.created = api_tokens.api_token_create(
                user=self.user,
                name=cleaned["name"],
                expires_at=cleaned.get("expires_at"),
                by=self.user,
                totp_code=cleaned.get("totp_code", ""),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "=prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["name", "expires_at", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return api_tokens.api_tokens_visible_to(user=request.user, tokens=super().get_queryset(request))

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        return self.fields if obj is not None else ["name", "expires_at", "totp_code"]

    def get_form(self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenCreateForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a class made for this request by modelform_factory
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        # A stored token keeps its name and expiry: to change them, revoke it and create another.
        if obj is not None:
            return ["name", "expires_at", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # Tokens are revoked, not deleted: their last use stays known.
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        created = form.created  # by ApiTokenCreateForm.clean, through accounts.api_tokens
        obj.pk, obj.key_hash, obj.prefix, obj.user = (
            created.token.pk,
            created.token.key_hash,
            created.token.prefix,
            created.token.user,
        )
        obj.created_at, obj.expires_at, obj.for_staff = (
            created.token.created_at,
            created.token.expires_at,
            created.token.for_staff,
        )
        self.message_user(
            request,
            _("Your API key, shown only this once — copy it now: %(key)s") % {"key": created.key},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_tokens.api_token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)
