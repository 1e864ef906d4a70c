"""Domain errors: what a service refuses, and why, with no HTTP in sight.

Services raise these (and Django's `ValidationError`, which carries field
messages and is what forms and `full_clean()` already speak). The API maps
each class to its status and the one error format (`hub/api/errors.py`); the
web views turn them into form errors or messages in the user's language.
Messages are lazy translations, so they read in the language of whoever sees
them.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every refusal a service makes; `code` is stable, `message` is for people."""

    code = "refused"
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The actor may not do this (a rule of the domain, not a missing role)."""

    code = "not_allowed"
    default_message = _("You are not allowed to do this.")


class StaleVersion(DomainError):
    """The item changed since the caller read it; nothing was written."""

    code = "stale_version"
    default_message = _("The item has changed since you read it; reload it and try again.")


class ContentLocked(DomainError):
    """The item is locked by a system actor (harvested from a portal, under review in a call)."""

    code = "content_locked"
    default_message = _("This item is locked and cannot be changed here.")


class Conflict(DomainError):
    """The request contradicts the current state (a duplicate, a finished workflow step)."""

    code = "conflict"
    default_message = _("This conflicts with the current state; reload and try again.")


class CapacityExceeded(Conflict):
    """More places were asked for than are free."""

    code = "capacity_exceeded"
    default_message = _("There are not enough free places.")


class DeadlinePassed(Conflict):
    """A window (submission, booking) closed before the request arrived."""

    code = "deadline_passed"
    default_message = _("The deadline has passed.")
