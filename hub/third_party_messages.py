"""Strings that installed packages show on Georgian pages but do not translate into Georgian.

Django looks up a package's msgid in every catalogue, LOCALE_PATHS first, so
listing the msgids here (gettext_noop: nothing happens at run time) keeps them in
hub/locale/ka with their Georgian translations when `makemessages` runs.
"""

from django.utils.translation import gettext_noop as _

DJANGO_ADMIN = [
    _("Select %s to view"),
    _("Select all objects on this page for an action"),
    _("Select this object for an action - {}"),
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("Start typing to filter…"),
    _("Error:"),
    _("Please correct the error below."),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    _("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    _("The {name} “{obj}” was added successfully."),
    _("You may edit it again below."),
    _("The {name} “{obj}” was added successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully. You may edit it again below."),
    _("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully."),
    _("The %(name)s “%(obj)s” was deleted successfully."),
    _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    _("We’re sorry, but the requested page could not be found."),
    _("You don’t have permission to view or edit anything."),
    _("Forgotten your login credentials?"),
    _("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    _("Sessions"),
]

# django-celery-beat has no Georgian catalogue: its section and model names on the admin's index.
CELERY_BEAT = [
    _("Periodic Tasks"),
    _("solar event"),
    _("solar events"),
    _("interval"),
    _("intervals"),
    _("clocked"),
    _("crontab"),
    _("crontabs"),
    _("periodic task"),
    _("periodic tasks"),
    _("periodic task track"),
    _("periodic task tracks"),
    _("Name"),
    _("Enabled"),
    _("Last Run Datetime"),
    _("Total Run Count"),
    _("Description"),
]

# allauth's MFA section keeps its English abbreviation in Georgian; its authenticator model has no
# verbose name of its own (hub.apps gives it these).
ALLAUTH_MFA = [_("MFA"), _("authenticator"), _("authenticators")]
