from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Best Practice Programme")
    default_auto_field = "django.db.models.BigAutoField"
