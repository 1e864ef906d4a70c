from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Municipal Knowledge Hub")

    def ready(self) -> None:
        from .api.caching import connect_signals

        connect_signals()
