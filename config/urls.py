"""The URL root: the staff admin and workspace, accounts, and language switching."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from config import health
from staff.todo.views import staff_home


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(static("tremplin/favicon.svg"))


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    # Probes of the proxy or orchestrator, answered by config.health.HealthProbeMiddleware before anything else.
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    # Platform staff land on their to-do page, employer members on the portal.
    path("", staff_home, name="home"),
    # Browsers ask for /favicon.ico whatever the pages name: they get the pages' own icon.
    path("favicon.ico", favicon, name="favicon"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("staff.urls")),
    path("portal/", include("portal.urls")),
    path("partners/", include("partners.urls")),
    prefix_default_language=False,
)

# Under /api/, a bug or a request refused before any view answers in the API's one error format.
handler400 = "api.errors.bad_request"
handler500 = "api.errors.server_error"
# Under /portal/, a page of the portal's (portal/errors.py); Django's elsewhere.
handler404 = "portal.errors.page_not_found"
