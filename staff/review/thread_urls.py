"""URLs of a need's thread, under the staff workspace's ``needs/`` (``staff:`` names)."""

from django.urls import URLPattern, path

from staff.review import thread_views

urlpatterns: list[URLPattern] = [
    path("<int:need_id>/messages/", thread_views.need_thread, name="need_thread"),
]
