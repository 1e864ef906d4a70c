from django.shortcuts import render
from django.urls import reverse

from ..datasets import DATASETS


def open_data_page(request):
    """Human entry to the downloads and the DCAT-AP catalogue."""
    datasets = [
        {
            "title": viewset.dataset_title,
            "description": viewset.dataset_description,
            "name": viewset.dataset_name,
            "csv": reverse(f"practices-api:{viewset.dataset_name}-export", kwargs={"fmt": "csv"}),
            "json": reverse(f"practices-api:{viewset.dataset_name}-export", kwargs={"fmt": "json"}),
        }
        for viewset in DATASETS
    ]
    return render(request, "practices/opendata.html", {"datasets": datasets})
