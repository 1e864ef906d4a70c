from django.db.models import Count
from django.shortcuts import render

from municipalities.models import Organization, Region


def home(request):
    regions = Region.objects.annotate(municipality_count=Count("organizations")).order_by("name_en")
    return render(
        request,
        "hub/home.html",
        {
            "municipality_count": Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY).count(),
            "regions": regions,
        },
    )
