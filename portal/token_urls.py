"""URLs of the portal's API tokens page (``portal:`` names)."""

from django.urls import URLPattern, path

from portal import token_views

urlpatterns: list[URLPattern] = [
    path("settings/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:token_id>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
]
