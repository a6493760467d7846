"""URLs of a need's thread on the portal (``portal`` namespace, under ``needs/``)."""

from django.urls import path

from portal import thread_views

urlpatterns = [
    path("needs/<int:need_id>/messages/", thread_views.need_thread, name="need_thread"),
]
