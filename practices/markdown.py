"""Markdown written by municipalities, rendered to HTML that is safe to show to anyone.

`markdown` turns the text into HTML; nh3 (the Rust `ammonia` sanitizer) then
keeps only an allow-list of tags and attributes, so scripts, frames, styles,
event handlers and `javascript:`/`data:` URLs never reach a reader.
"""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "blockquote", "pre", "code",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "u", "s", "del", "sub", "sup",
        "ul", "ol", "li", "dl", "dt", "dd",
        "a",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]


def render_markdown(text: str) -> str:
    """HTML for `text`; whatever is dangerous is removed, the rest is kept."""
    if not text:
        return ""
    return sanitize_html(markdown_lib.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))


def sanitize_html(html: str) -> str:
    """`html` reduced to the allow-list: what rendered Markdown may hold (also for HTML from harvested portals)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener",
        # Markup nh3 strips goes away with its content when it is executable or styling.
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    )
