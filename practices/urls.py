from django.urls import include, path

urlpatterns = [
    path("", include("practices.urls_library")),
]
