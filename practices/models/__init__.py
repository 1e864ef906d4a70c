from .base import (
    LOCK_REASONS,
    Attachment,
    Content,
    ContentStatus,
    LockKind,
    OrganizationDataPolicy,
    Revision,
    Term,
    Vocabulary,
    content_models,
)
from .practice import *  # noqa: F401,F403
from .adoption import *  # noqa: F401,F403
from .action_plan import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .service import *  # noqa: F401,F403

__all__ = [
    "LOCK_REASONS", "Attachment", "Content", "ContentStatus", "LockKind", "OrganizationDataPolicy", "Revision", "Term",
    "Vocabulary", "content_models",
]
