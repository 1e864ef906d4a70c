from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Knowledge library")

    def ready(self) -> None:
        from .indexing import register_content_types

        register_content_types()
