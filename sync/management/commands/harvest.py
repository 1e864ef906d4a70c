from django.core.management.base import BaseCommand, CommandError

from hub.errors import Conflict
from municipalities.actors import Actor
from sync.models import RunTrigger, Source
from sync.services import run_execute, run_request


class Command(BaseCommand):
    help = "Harvest one source now, in this process: harvest <source id> [--full]."

    def add_arguments(self, parser):
        parser.add_argument("source", type=int, help="The source's id (shown on its page).")
        parser.add_argument("--full", action="store_true", help="Read everything again, not only what changed.")

    def handle(self, *args, source: int, full: bool, **options):
        found = Source.objects.select_related("organization").filter(pk=source).first()
        if found is None:
            raise CommandError(f"There is no source {source}.")
        actor = Actor.system(name="manage.py harvest", organization=found.organization)
        try:
            run = run_request(source=found, actor=actor, trigger=RunTrigger.MANUAL, full=full, enqueue=False)
        except Conflict as error:
            raise CommandError(str(error)) from error
        run = run_execute(run_id=run.pk)
        self.stdout.write(
            f"run {run.pk}: {run.status} — fetched {run.fetched}, created {run.created}, updated {run.updated}, "
            f"unchanged {run.unchanged}, withdrawn {run.withdrawn}, invalid {run.invalid}"
        )
        if run.message:
            self.stdout.write(run.message)
        if run.status == "failed":
            raise CommandError("The harvest failed.")
