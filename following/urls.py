from django.urls import path

from . import views

urlpatterns = [
    path("following/", views.following_page, name="following"),
    path("following/digest/", views.digest_settings, name="digest-settings"),
    path("following/unsubscribe/<str:token>/", views.digest_unsubscribe_page, name="digest-unsubscribe"),
    path("following/<str:kind>/<str:key>/", views.follow_change, name="follow-change"),
]
