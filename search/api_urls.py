from django.urls import path

from . import apis

urlpatterns = [
    path("search/", apis.SearchApi.as_view(), name="search-api"),
    path("search/suggest/", apis.SearchSuggestApi.as_view(), name="search-suggest-api"),
]
