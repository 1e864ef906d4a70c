"""An organization's public page: who it is, how to reach it, and its published work with counts."""

from django.shortcuts import get_object_or_404, render

from municipalities.selectors import organization_list

from ..selectors.organization import organization_work


def organization_profile(request, slug: str):
    organization = get_object_or_404(organization_list(), slug=slug)
    return render(
        request,
        "practices/organization/profile.html",
        {"organization": organization, "work": organization_work(organization=organization)},
    )
