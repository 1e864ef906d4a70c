"""The closed set of things the audit log records, each with its label in both languages.

Every app's services record one of these; a new kind of event is added here,
with its label and Georgian translation, so the audit page never shows a raw
code. Audit data names changed fields under one key, `AUDIT_CHANGED_KEY`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

AUDIT_CHANGED_KEY = "changed"


class AuditAction(models.TextChoices):
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", _("Role changed")
    MEMBERSHIP_REMOVED = "membership.removed", _("Member removed")
    INVITATION_CREATED = "invitation.created", _("Invitation sent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    API_KEY_CREATED = "api_key.created", _("API key created")
    API_KEY_REVOKED = "api_key.revoked", _("API key revoked")

    TERM_CREATED = "term.created", _("List entry added")
    TERM_UPDATED = "term.updated", _("List entry changed")

    CONTENT_CREATED = "content.created", _("Item created")
    CONTENT_UPDATED = "content.updated", _("Item changed")
    CONTENT_PUBLISHED = "content.published", _("Item published")
    CONTENT_ARCHIVED = "content.archived", _("Item archived")
    CONTENT_DELETED = "content.deleted", _("Item deleted")
    CONTENT_LOCKED = "content.locked", _("Item locked")
    CONTENT_UNLOCKED = "content.unlocked", _("Item unlocked")
    CONTENT_ATTACHMENT_ADDED = "content.attachment_added", _("File attached")
    CONTENT_ATTACHMENT_REMOVED = "content.attachment_removed", _("File removed")

    INDICATOR_VALUE_RECORDED = "action_plan.indicator_value_recorded", _("Indicator value recorded")
    TRAINING_SESSION_CREATED = "training_session.created", _("Training session added")
    TRAINING_SESSION_UPDATED = "training_session.updated", _("Training session changed")
    TRAINING_SESSION_DELETED = "training_session.deleted", _("Training session deleted")
    ADOPTION_CREATED = "adoption.created", _("Adoption recorded")
    ADOPTION_UPDATED = "adoption.updated", _("Adoption changed")
    ADOPTION_DELETED = "adoption.deleted", _("Adoption deleted")
