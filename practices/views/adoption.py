import math

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from municipalities.actors import Actor

from ..forms.adoption import AdoptionForm
from ..selectors.adoption import adoption_network
from ..selectors.practice import practice_published_choices
from ..services.adoption import adoption_create
from .base import editable_organizations

NETWORK_SIZE = 900
NODE_RADIUS = 7
NETWORK_LABEL_ROOM = 40


class AdoptionCreateView(LoginRequiredMixin, View):
    """B records adopting a published practice of A, from the practice's page."""

    def post(self, request, practice_id: int):
        practice = get_object_or_404(practice_published_choices(), pk=practice_id)
        adopters = editable_organizations(Actor.from_request(request)).exclude(pk=practice.organization_id)
        form = AdoptionForm(request.POST, organizations=adopters)
        if form.is_valid():
            try:
                adoption_create(practice=practice, actor=Actor.from_request(request), **form.cleaned_data)
                messages.success(request, _("The adoption is recorded."))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        else:
            for field_errors in form.errors.values():
                for message in field_errors:
                    messages.error(request, message)
        return HttpResponseRedirect(practice.get_absolute_url())


def adoption_network_page(request):
    """Who learned from whom, drawn as an SVG on a circle, with a table for screen readers and for detail."""
    organizations, edges = adoption_network()
    count = max(len(organizations), 1)
    # Room outside the circle for the longest names (e.g. Dedoplistskaro).
    centre, radius = NETWORK_SIZE / 2, NETWORK_SIZE / 2 - 130
    nodes = {}
    for index, organization in enumerate(organizations):
        angle = 2 * math.pi * index / count - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.1 else ("end" if math.cos(angle) < -0.1 else "middle")
        label_x = centre + (radius + 14) * math.cos(angle)
        label_y = centre + (radius + 14) * math.sin(angle) + 4
        nodes[organization.pk] = {
            "organization": organization, "x": x, "y": y, "label_x": label_x, "label_y": label_y, "anchor": anchor, "shared": False,
        }  # fmt: skip
    lines = []
    for edge in edges:
        source, target = nodes[edge.source.pk], nodes[edge.target.pk]
        # Municipalities whose practices others adopted are drawn in their own colour: the teachers of the network.
        source["shared"] = True
        dx, dy = target["x"] - source["x"], target["y"] - source["y"]
        length = math.hypot(dx, dy) or 1
        # Stop the line at the target circle's edge so the arrowhead stays visible.
        lines.append(
            {
                "edge": edge,
                "x1": source["x"], "y1": source["y"],
                "x2": target["x"] - dx / length * (NODE_RADIUS + 2), "y2": target["y"] - dy / length * (NODE_RADIUS + 2),
                "width": min(1 + edge.practices, 5),
            }
        )  # fmt: skip
    return render(
        request,
        "practices/adoption/network.html",
        {
            "nodes": nodes.values(),
            "lines": lines,
            "edges": edges,
            "size": NETWORK_SIZE,
            # Labels above and below the circle are one line high, so the square's top and bottom margins are cut off.
            "view_top": round(centre - radius - NETWORK_LABEL_ROOM),
            "view_height": round(2 * (radius + NETWORK_LABEL_ROOM)),
            "node_radius": NODE_RADIUS,
        },
    )
