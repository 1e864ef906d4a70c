from ..env import env

# Hours a delegation offered places from the waiting list has to accept them.
TOURS_PROMOTION_HOURS = env.int("TOURS_PROMOTION_HOURS", default=48)
# The reminder goes this many hours before a visit.
TOURS_REMINDER_HOURS = env.int("TOURS_REMINDER_HOURS", default=48)
# Celery beat entries; merged into CELERY_BEAT_SCHEDULE in base.py.
TOURS_BEAT_SCHEDULE = {
    "tours-lapse-offers": {"task": "tours.tasks.lapse_offers", "schedule": 15 * 60},
    "tours-send-reminders": {"task": "tours.tasks.send_reminders", "schedule": 30 * 60},
    "tours-complete-visits": {"task": "tours.tasks.complete_visits", "schedule": 60 * 60},
}
