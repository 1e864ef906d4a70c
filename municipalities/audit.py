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

    TOUR_SLOT_CREATED = "tour_slot.created", _("Tour date added")
    TOUR_SLOT_UPDATED = "tour_slot.updated", _("Tour date changed")
    TOUR_SLOT_CANCELLED = "tour_slot.cancelled", _("Tour date cancelled")
    TOUR_BLACKOUT_ADDED = "tour_blackout.added", _("Day without visits added")
    TOUR_BLACKOUT_REMOVED = "tour_blackout.removed", _("Day without visits removed")
    TOUR_BOOKING_REQUESTED = "tour_booking.requested", _("Visit requested")
    TOUR_BOOKING_WAITLISTED = "tour_booking.waitlisted", _("Visit request put on the waiting list")
    TOUR_BOOKING_PROMOTED = "tour_booking.promoted", _("Places offered from the waiting list")
    TOUR_BOOKING_CONFIRMED = "tour_booking.confirmed", _("Visit confirmed")
    TOUR_BOOKING_DECLINED = "tour_booking.declined", _("Visit declined")
    TOUR_BOOKING_CANCELLED = "tour_booking.cancelled", _("Visit cancelled")
    TOUR_BOOKING_LAPSED = "tour_booking.lapsed", _("Offered places lapsed")
    TOUR_BOOKING_COMPLETED = "tour_booking.completed", _("Visit completed")
    TOUR_FEEDBACK_GIVEN = "tour_feedback.given", _("Visit feedback given")
    TOUR_CALENDAR_CREATED = "tour_calendar.created", _("Calendar subscription created")
    TOUR_CALENDAR_REVOKED = "tour_calendar.revoked", _("Calendar subscription revoked")

    SYNC_SOURCE_CREATED = "sync_source.created", _("Harvest source added")
    SYNC_SOURCE_UPDATED = "sync_source.updated", _("Harvest source changed")
    SYNC_SOURCE_DELETED = "sync_source.deleted", _("Harvest source deleted")
    SYNC_SOURCE_PAUSED = "sync_source.paused", _("Harvest source paused")
    SYNC_SOURCE_RESUMED = "sync_source.resumed", _("Harvest source resumed")
    SYNC_RUN_REQUESTED = "sync_run.requested", _("Harvest requested")
    SYNC_RUN_FINISHED = "sync_run.finished", _("Harvest finished")
    SYNC_RUN_CANCELLED = "sync_run.cancelled", _("Harvest cancelled")
    SYNC_RUN_REAPED = "sync_run.reaped", _("Stuck harvest stopped")
    SYNC_RUNS_PRUNED = "sync_run.pruned", _("Old harvest history deleted")
    SYNC_PUSH_RECEIVED = "sync_push.received", _("Items pushed")

    FOLLOW_ADDED = "follow.added", _("Started following")
    FOLLOW_REMOVED = "follow.removed", _("Stopped following")
    DIGEST_SETTINGS_CHANGED = "digest.settings_changed", _("Digest settings changed")
    DIGEST_UNSUBSCRIBED = "digest.unsubscribed", _("Unsubscribed from the digest")
    DIGEST_SENT = "digest.sent", _("Weekly digest sent")

    CALL_CREATED = "competition_call.created", _("Call opened")
    CALL_UPDATED = "competition_call.updated", _("Call changed")
    CALL_PHASE_CHANGED = "competition_call.phase_changed", _("Call moved to the next phase")
    CALL_RESULTS_PUBLISHED = "competition_call.results_published", _("Call results published")
    APPLICATION_CREATED = "competition_application.created", _("Application started")
    APPLICATION_SUBMITTED = "competition_application.submitted", _("Application submitted")
    APPLICATION_CHANGED = "competition_application.changed", _("Submitted application changed")
    APPLICATION_WITHDRAWN = "competition_application.withdrawn", _("Application withdrawn")
    APPLICATION_DECIDED = "competition_application.decided", _("Decision on an application")
    REVIEW_ASSIGNED = "competition_review.assigned", _("Reviewer assigned")
    REVIEW_UNASSIGNED = "competition_review.unassigned", _("Reviewer unassigned")
    REVIEW_CONFLICT_DECLARED = "competition_review.conflict_declared", _("Conflict of interest declared")
    REVIEW_SCORED = "competition_review.scored", _("Review scores saved")
    REVIEW_SUBMITTED = "competition_review.submitted", _("Review submitted")
