"""URLs of the REST API, mounted at ``/api/`` outside the language prefixes (namespace ``api``).

``/api/schema/`` is the OpenAPI schema and ``/api/docs/`` its documentation page; the employer area is under
``employer/``, the platforms' staff area under ``staff/``. Any other address under ``/api/`` is a 404 in the API's
error format.
"""

from django.urls import include, path, re_path

# Imported for what they register: converters the "id" path converter; schema the token scheme, which the schema
# generator learns from its extension.
from api import converters, errors, schema, views  # noqa: F401

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("employer/", include("api.employers")),
    path("employer/", include("api.employer_bulk")),
    path("staff/", include("api.candidates")),
    path("staff/", include("api.matching")),
    path("staff/", include("api.presentations")),
    path("staff/", include("api.sourcing")),
    path("staff/", include("api.hand_offs")),
    path("", include("api.occupations")),
    path("", include("api.cohorts")),
    path("", include("api.threads")),
    path("", include("api.assessments")),
    path("", include("api.job_dating")),
    path("", include("api.sessions")),
    path("staff/", include("api.waves")),
    path("staff/", include("api.undo")),
    path("staff/", include("api.links")),
    path("staff/", include("api.stale_needs")),
    path("staff/", include("api.leads")),
    re_path(r"^.*$", errors.not_found),
]
