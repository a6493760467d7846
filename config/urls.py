"""The URL root: the staff admin and workspace, accounts, and language switching."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config import health

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    # Probes of the proxy or orchestrator, answered by config.health.HealthProbeMiddleware before anything else.
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("staff.urls")),
    path("portal/", include("portal.urls")),
    prefix_default_language=False,
)

# Under /api/, a bug or a request refused before any view answers in the API's one error format.
handler400 = "api.errors.bad_request"
handler500 = "api.errors.server_error"
