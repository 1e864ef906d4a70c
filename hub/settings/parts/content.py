from ..env import env

# Uploaded attachments: the limit is in bytes, the default 20 MB.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Any request body larger than this is refused (413) before it is read: an attachment plus the form around it.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=ATTACHMENT_MAX_BYTES + 1024 * 1024)
