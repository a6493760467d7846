"""URLs of a need's sourcing check on the portal (``portal`` namespace, under ``needs/``)."""

from django.urls import path

from portal import sourcing_views

urlpatterns = [
    path("needs/<int:need_id>/sourcing/", sourcing_views.need_sourcing_fragment, name="need_sourcing"),
    path("needs/<int:need_id>/sourcing/check/", sourcing_views.need_sourcing_check_again, name="need_sourcing_check"),
]
