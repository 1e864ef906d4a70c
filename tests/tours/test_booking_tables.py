"""The two booking tables (the delegation's "My bookings" and the host's inbox) come from one include and show their own columns."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each table's header cells and, per row, its cells' text and whether it holds a confirm button."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"testid": attrs.get("data-testid"), "caption": "", "head": [], "rows": []})
        elif tag == "tr" and self.tables and self._in_body:
            self.tables[-1]["rows"].append({"testid": attrs.get("data-testid"), "cells": [], "confirm": False})
        elif tag in ("th", "td", "caption") and self.tables:
            self._cell = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "button" and attrs.get("data-testid", "").startswith("confirm-") and self.tables and self.tables[-1]["rows"]:
            self.tables[-1]["rows"][-1]["confirm"] = True

    _in_body = False

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        if tag in ("th", "td", "caption") and self._cell is not None and self.tables:
            text = " ".join(" ".join(self._cell).split())
            table = self.tables[-1]
            if tag == "caption":
                table["caption"] = text
            elif self._in_body and table["rows"]:
                table["rows"][-1]["cells"].append(text)
            elif tag == "th":
                table["head"].append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(client, url: str) -> list[dict]:
    parser = Tables()
    parser.feed(client.get(url).content.decode())
    return parser.tables


def test_my_bookings_and_the_host_inbox_show_their_columns(client, delegation_user, editor, make_slot, request_places):
    booking = request_places(make_slot(), 2)
    with translation.override("en"):
        mine_url, inbox_url = reverse("tour-my-bookings"), reverse("tour-host", args=[booking.host.slug])

    client.force_login(delegation_user)
    (upcoming,) = tables(client, mine_url)  # nothing past: "None." instead of a table
    assert upcoming["testid"] == "upcoming-bookings" and upcoming["caption"] == "Bookings (times in Tbilisi)"
    assert upcoming["head"] == ["Date", "Study tour", "Delegation", "Participants", "Status"]
    (row,) = upcoming["rows"]
    assert row["cells"][1] == f"{booking.slot.offering.title} {booking.host.name}"
    assert row["cells"][2:4] == [booking.delegation, "2"] and not row["confirm"]

    client.force_login(editor)
    (inbox,) = tables(client, inbox_url)
    assert inbox["caption"] == "Requests and confirmed visits"
    assert inbox["head"] == ["Delegation", "Participants", "Status", "Answer"]
    (row,) = inbox["rows"]
    assert row["testid"] == f"inbox-booking-{booking.pk}" and row["confirm"]
    assert row["cells"][0] == f"{booking.delegation} {booking.contact_name} · {booking.contact_email}"
    assert row["cells"][1] == "2"
