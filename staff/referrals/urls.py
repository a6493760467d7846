"""URLs of the partners' proposals page."""

from django.urls import path

from staff.referrals import views

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("<int:referral_id>/accept/", views.referral_accept_record, name="referral_accept"),
    path("<int:referral_id>/decline/", views.referral_decline_record, name="referral_decline"),
]
