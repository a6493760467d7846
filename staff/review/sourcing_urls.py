"""URLs of a need's sourcing check and near misses on the staff side, under the staff workspace's ``needs/``
(``staff:`` names, beside the review page's)."""

from django.urls import URLPattern, path

from staff.review import sourcing_views

urlpatterns: list[URLPattern] = [
    path("<int:need_id>/sourcing/", sourcing_views.need_sourcing_fragment, name="need_sourcing"),
    path("<int:need_id>/sourcing/check/", sourcing_views.need_sourcing_check_again, name="need_sourcing_check"),
    path("<int:need_id>/near-misses/", sourcing_views.need_near_misses, name="need_near_misses"),
]
