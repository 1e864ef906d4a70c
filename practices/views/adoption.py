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

NETWORK_MIN_RADIUS = 300
NODE_RADIUS = 7
# Room outside the circle for the longest names (e.g. დედოფლისწყარო), and the arc each label needs.
NETWORK_LABEL_ROOM = 150
NETWORK_LABEL_SPACING = 17


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
    # Labels run outward along their radius, so neighbours never overlap as long as the arc between
    # two nodes is at least a label's line height: the circle grows with the number of municipalities.
    radius = max(NETWORK_MIN_RADIUS, count * NETWORK_LABEL_SPACING / (2 * math.pi))
    size = round(2 * (radius + NETWORK_LABEL_ROOM))
    centre = size / 2
    nodes = {}
    for index, organization in enumerate(organizations):
        angle = 2 * math.pi * index / count - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        degrees = math.degrees(angle)
        # On the left half the text is turned half a circle more, so it never reads upside down.
        left = math.cos(angle) < -1e-9
        nodes[organization.pk] = {
            "organization": organization, "x": x, "y": y,
            "label_x": centre + (radius + NODE_RADIUS + 6) * math.cos(angle),
            "label_y": centre + (radius + NODE_RADIUS + 6) * math.sin(angle),
            "rotation": degrees + 180 if left else degrees, "anchor": "end" if left else "start", "shared": False,
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
            "size": size,
            "node_radius": NODE_RADIUS,
        },
    )
