from django.shortcuts import render

from ..apis.base import DATASETS


def open_data_page(request):
    """Human entry to the downloads and the DCAT-AP catalogue."""
    return render(request, "practices/opendata.html", {"datasets": DATASETS})
