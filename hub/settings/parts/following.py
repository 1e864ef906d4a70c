from celery.schedules import crontab

# The weekly digest of what people follow: Monday morning in Tbilisi (CELERY_TIMEZONE).
FOLLOWING_BEAT_SCHEDULE = {
    "following-weekly-digest": {
        "task": "following.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}
