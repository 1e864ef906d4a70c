from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .filters import OrganizationFilter
from .models import Organization, Region
from .selectors import organization_list


def organization_directory(request):
    filterset = OrganizationFilter(request.GET or None, queryset=organization_list())
    return render(
        request,
        "municipalities/directory.html",
        {"filter": filterset, "organizations": filterset.qs, "regions": Region.objects.all(), "kinds": Organization.Kind.choices},
    )


def organization_profile(request, slug: str):
    organization = get_object_or_404(organization_list(), slug=slug)
    return render(request, "municipalities/profile.html", {"organization": organization})


@login_required
def my_organizations(request):
    memberships = request.user.memberships.select_related("organization")
    return render(request, "municipalities/my_organizations.html", {"memberships": memberships})
