"""Thin tasks: ids in, a service call. The scheduler's actor for the periodic ones."""

from celery import shared_task

from hub.errors import Conflict
from municipalities.actors import Actor

from .models import RunTrigger, Source
from .services import run_execute, run_request, runs_prune, runs_reap_stale

SCHEDULER = Actor.system(name="sync.scheduler")


@shared_task
def harvest_scheduled(source_id: int) -> int | None:
    """A source's django-celery-beat entry: queue a run unless one is in progress or the source is paused."""
    source = Source.objects.filter(pk=source_id).select_related("organization").first()
    if source is None:
        return None
    try:
        return run_request(source=source, actor=SCHEDULER, trigger=RunTrigger.SCHEDULE).pk
    except Conflict:
        return None


@shared_task(acks_late=True)
def execute_run(run_id: int) -> str | None:
    run = run_execute(run_id=run_id)
    return run.status if run is not None else None


@shared_task
def reap_stale_runs() -> int:
    return runs_reap_stale(actor=SCHEDULER)


@shared_task
def prune_history() -> int:
    return runs_prune(actor=SCHEDULER)
