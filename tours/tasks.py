"""Periodic tours work, acting as the tours scheduler; the e-mail task lives beside its service in notifications.py."""

from celery import shared_task

from municipalities.actors import Actor

from .services import tour_offers_lapse, tour_reminders_send, tour_visits_complete

SCHEDULER = Actor.system(name="tours.scheduler")


@shared_task
def lapse_offers() -> int:
    return tour_offers_lapse(actor=SCHEDULER)


@shared_task
def send_reminders() -> int:
    return tour_reminders_send(actor=SCHEDULER)


@shared_task
def complete_visits() -> int:
    return tour_visits_complete(actor=SCHEDULER)
