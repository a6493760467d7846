"""Admin for API tokens: staff create tokens for themselves (the key is shown once, in a message) and revoke them.

A staff user sees only their own tokens; a superuser sees everyone's. Creating and revoking go through
``api.services``, as on the portal; a token's hash is never shown.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api import services
from api.models import ApiToken
from config.admin_search import PrivateSearchAdminMixin


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
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        # A stored token keeps its name and expiry: to change them, revoke it and create another.
        if obj is not None:
            return ["name", "expires_at", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # Tokens are revoked, not deleted: their last use stays known.
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: object, change: bool) -> None:
        if change:
            return
        created = services.api_token_create(
            user=request.user, name=obj.name, expires_at=obj.expires_at, by=request.user
        )
        obj.pk, obj.key_hash, obj.prefix, obj.user = (
            created.token.pk,
            created.token.key_hash,
            created.token.prefix,
            created.token.user,
        )
        obj.created_at = created.token.created_at
        self.message_user(
            request,
            _("Your API key, shown only this once — copy it now: %(key)s") % {"key": created.key},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)
