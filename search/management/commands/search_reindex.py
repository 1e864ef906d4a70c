import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import get_search_backend
from search.index import rebuild, registrations


class Command(BaseCommand):
    help = "Rebuild a search backend's index from the database, with a progress bar; searches keep working meanwhile."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="default", help="A SEARCH_BACKENDS alias (default: default).")
        parser.add_argument(
            "--type", dest="doc_type", help=f"Only this type (one of: {', '.join(r.doc_type for r in registrations())})."
        )

    def handle(self, *args, backend, doc_type, **options):
        try:
            search_backend = get_search_backend(backend)
            indexed = rebuild(backend=search_backend, doc_type=doc_type, progress=self._progress)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} documents in the {backend!r} search backend."))

    def _progress(self, documents, total, label):
        # tqdm redraws one line with carriage returns; Django's output wrapper would append newlines.
        return tqdm(documents, total=total, desc=label, unit="doc", file=sys.stderr, disable=not total)
