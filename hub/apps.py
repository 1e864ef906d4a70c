from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Municipal Knowledge Hub")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from django.utils.translation import gettext_lazy

        from .georgian import install

        install()
        # allauth leaves the model unnamed, so the admin showed the English class name on Georgian pages.
        Authenticator._meta.verbose_name = gettext_lazy("authenticator")
        Authenticator._meta.verbose_name_plural = gettext_lazy("authenticators")
        from .api.caching import connect_signals

        connect_signals()
        from django.core import checks

        from .outbound import loopback_deploy_check

        checks.register(loopback_deploy_check, checks.Tags.security, deploy=True)
