"""Enqueue a Celery task once the current transaction commits: the one way every app sends work to the worker."""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send `task(*args, **kwargs)` after the commit (at once outside a transaction); nothing if it rolls back.

    Pass ids, never model instances: the worker loads fresh rows.
    """
    transaction.on_commit(partial(_send, task, args, kwargs))


def _send(task, args: tuple, kwargs: dict) -> None:
    try:
        task.delay(*args, **kwargs)
    except Exception:  # noqa: BLE001
        # Deliberately broad: the change is committed, and neither a broker that is down nor
        # (when tasks run eagerly) a failing task may turn it into an error for the user. The
        # failure is logged; each task's periodic catch-up (search's, for one) repairs the gap.
        logger.exception("task.enqueue_failed", extra={"task": task.name, "task_args": [str(arg) for arg in args]})
