from django.apps import AppConfig


class ContentAppConfig(AppConfig):
    name = "tests.contentapp"
    label = "contentapp"
    default_auto_field = "django.db.models.BigAutoField"
