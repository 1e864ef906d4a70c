from .base import Attachment, Content, ContentStatus, OrganizationDataPolicy, Revision, Term, Vocabulary
from .practice import *  # noqa: F401,F403
from .adoption import *  # noqa: F401,F403
from .action_plan import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .service import *  # noqa: F401,F403

__all__ = ["Attachment", "Content", "ContentStatus", "OrganizationDataPolicy", "Revision", "Term", "Vocabulary"]
