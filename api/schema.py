"""How the API describes itself: the token scheme, and the error answers every operation may give.

Every operation documents 400, 401, 403 and 404 with the one error body (``api.errors.ErrorSerializer``), and those
that take a body 413 too, so that a client, and Schemathesis, know each refusal's shape.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.errors import ErrorSerializer

ERROR_RESPONSES = {
    "400": _("The input is not valid, or the service refused the step: see code, message and fields."),
    "401": _("No valid token: missing, unknown, revoked or expired."),
    "403": _("Your role has no access to this part of the API."),
    "404": _("Not found, or outside what you may see."),
}
# Only operations that take a body (api/parsers.py caps its size).
BODY_ERROR_RESPONSES = {"413": _("The request body is too large.")}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors = ERROR_RESPONSES | (BODY_ERROR_RESPONSES if self.method in ("POST", "PUT", "PATCH") else {})
        for status, description in errors.items():
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=str(description)),
                    status,
                    direction=direction,
                )
        return responses


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(_("“Token <key>” (or “Bearer <key>”): a key created in the portal or the admin.")),
        }
