"""E-mails to applicants: the submission receipt and the results, in Georgian (the hub's language), with English below.

`send_application_email` is the thin task services enqueue on commit; it reads
the application fresh, so a message tells its current state.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Application
from .paperwork import application_receipt_pdf

SUBJECTS = {
    "submitted": _("Application received: %(title)s (%(reference)s)"),
    "results": _("Results of %(call)s: %(title)s"),
}


def _recipients(application: Application) -> list[str]:
    practice = application.practice
    addresses = [practice.contact_email, application.created_by.email if application.created_by else "",
                 application.organization.contact_email]  # fmt: skip
    return list(dict.fromkeys(address for address in addresses if address))


def application_email_send(*, application_id: int, kind: str) -> bool:
    """Send one message about an application; False when there is nobody to send it to."""
    application = (
        Application.objects.select_related("call", "organization", "practice", "created_by").filter(pk=application_id).first()
    )
    if application is None or kind not in SUBJECTS:
        return False
    recipients = _recipients(application)
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "application": application,
            "call": application.call,
            "url": settings.SITE_URL.rstrip("/") + reverse("competition-application", args=[application.pk]),
        }
        subject = str(SUBJECTS[kind]) % {"title": application.title, "reference": application.reference, "call": application.call.title}
        body = render_to_string("competitions/email/application.txt", context)
    message = EmailMessage(subject, body, None, recipients)
    for name, content, mime_type in application_email_attachments(application=application, kind=kind):
        message.attach(name, content, mime_type)
    message.send()
    return True


def application_email_attachments(*, application: Application, kind: str) -> list[tuple[str, bytes, str]]:
    """The submission's receipt goes with its message, as a PDF."""
    if kind != "submitted":
        return []
    pdf = application_receipt_pdf(application=application, language=settings.LANGUAGE_CODE)
    return [(f"receipt-{application.reference}.pdf", pdf, "application/pdf")]


# SMTP hiccups are retried; the application itself is committed already.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_email(application_id: int, kind: str) -> bool:
    return application_email_send(application_id=application_id, kind=kind)
