"""Demo federation: Vani's web portal, harvested three times, so the source page has a run history.

Honestly labelled: the demo never connects outside loopback. Vani's "portal" is a hub feed that this
function serves itself, for the length of the seed, from a threaded server on 127.0.0.1 (pages built from
the e-services action plan of seed 000). Three real runs go through `run_request` / `run_execute`:
the first creates the items, the second finds one edited and one withdrawn, the third meets a broken page
(malformed JSON) and fails with its error, as a portal that breaks would. The source is left on a manual
schedule, pointing at an address that no longer answers once the seed ends.

Idempotent: a source already there (by organization and name) is left as it is.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

from municipalities.actors import Actor
from municipalities.models import Organization

from .models import Source
from .services import run_execute, run_request, source_create

SOURCE_NAME = "ვანის მუნიციპალიტეტის პორტალი (დემო, 127.0.0.1)"

POSTS = [
    ("vani-hotline", "ცხელი ხაზი მოქალაქეებისთვის",
     "მერიაში ამოქმედდა ცხელი ხაზი, რომლითაც მოქალაქეები კითხვებსა და საჩივრებს ერთ ნომერზე აგზავნიან."),
    ("vani-ethics-code", "მერიის თანამშრომელთა ეთიკის კოდექსი",
     "შემუშავდა და დამტკიცდა ეთიკის კოდექსი; თანამშრომლებმა გაიარეს ტრენინგი მის გამოყენებაზე."),
    ("vani-e-petitions", "ელექტრონული პეტიციები",
     "მოქალაქეებს შეუძლიათ პეტიცია საკრებულოს ონლაინ წარუდგინონ და ხელმოწერები ელექტრონულად შეაგროვონ."),
    ("vani-e-booking", "შეხვედრის ელექტრონული დაჯავშნა თანამდებობის პირთან",
     "მერთან და მის მოადგილეებთან შეხვედრის დრო ონლაინ იჯავშნება, რიგში დგომის გარეშე."),
    ("vani-website", "მუნიციპალიტეტის ვებგვერდის განახლება",
     "განახლებულ ვებგვერდზე ქვეყნდება ბიუჯეტი, დადგენილებები და საჯარო ინფორმაცია ღია ფორმატებში."),
]  # fmt: skip


def _item(slug: str, title: str, text: str, *, status: str = "published") -> dict:
    url = f"https://vani.example.ge/news/{slug}"
    entry = {"id": slug, "type": "practice", "status": status, "updated": "2026-01-01T00:00:00+00:00", "url": url, "origin": url}
    if status == "published":
        entry["fields"] = {"title_ka": title, "short_description_ka": text}
        entry["themes"] = ["e-governance"]
    return entry


class _Portal(BaseHTTPRequestHandler):
    """Serves `body` for every request: the seed sets it before each run."""

    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def seed() -> dict:
    vani = Organization.objects.get(slug="vani")
    if Source.objects.filter(organization=vani, name=SOURCE_NAME).exists():
        return {"sources": 0, "runs": 0}
    if not settings.OUTBOUND_ALLOW_LOOPBACK:
        # Production settings refuse loopback, and the demo connects nowhere else.
        return {"sources": 0, "runs": 0}
    actor = Actor.system(name="seed_demo", organization=vani)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        source = source_create(
            organization=vani, actor=actor, name=SOURCE_NAME, connector="hub", schedule="manual",
            url=f"http://127.0.0.1:{server.server_address[1]}/", language="ka",
        )  # fmt: skip
        pages = [
            [_item(*post) for post in POSTS],
            [_item(POSTS[0][0], POSTS[0][1], POSTS[0][2] + " ხაზი მუშაობს 24 საათის განმავლობაში."),
             _item(POSTS[1][0], "", "", status="withdrawn")],
            None,
        ]  # fmt: skip
        for page in pages:
            _Portal.body = b'{"items": [' if page is None else json.dumps({"items": page, "next": "", "more": False}).encode()
            run_execute(run_id=run_request(source=source, actor=actor, enqueue=False).pk)
    finally:
        server.shutdown()
        server.server_close()
    return {"sources": 1, "runs": len(pages)}
