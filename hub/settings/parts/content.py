from ..env import env

# Uploaded attachments: the limit is in bytes, the default 20 MB.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Office documents are ZIP containers: what they may unpack to, read in bounded chunks (practices/uploads.py).
ATTACHMENT_ZIP_MAX_ENTRIES = env.int("ATTACHMENT_ZIP_MAX_ENTRIES", default=5000)
ATTACHMENT_ZIP_MAX_ENTRY_BYTES = env.int("ATTACHMENT_ZIP_MAX_ENTRY_BYTES", default=64 * 1024 * 1024)
ATTACHMENT_ZIP_MAX_TOTAL_BYTES = env.int("ATTACHMENT_ZIP_MAX_TOTAL_BYTES", default=160 * 1024 * 1024)
ATTACHMENT_ZIP_MAX_RATIO = env.int("ATTACHMENT_ZIP_MAX_RATIO", default=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Any request body larger than this is refused (413) before it is read: an attachment plus the form around it.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=ATTACHMENT_MAX_BYTES + 1024 * 1024)
