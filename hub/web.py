"""How web views show a service's refusal: on the form's fields, or as a message, in the user's language."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .errors import DomainError


def form_add_service_error(form, error: ValidationError | DomainError) -> None:
    """Put a service's refusal on the form: field messages on their fields (unknown fields and domain errors on the form)."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def messages_add_service_error(request, error: ValidationError | DomainError) -> None:
    """Show a service's refusal as error messages on the next page."""
    texts = [str(error.message)] if isinstance(error, DomainError) else error.messages
    for text in texts:
        messages.error(request, text)
