"""The schema and its documentation page.

The page is Swagger UI served from our static files (drf-spectacular-sidecar); its start-up script is a separate
request (``?script``) and the page has no inline style, so that a strict content security policy allows it.
"""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, in JSON (``?format=yaml`` is not offered: one format, one answer)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
