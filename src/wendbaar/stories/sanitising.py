"""Story text: a small, safe subset of HTML, cleaned with nh3 before it is stored."""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}
LINK_REL = "nofollow noopener noreferrer"
# Tags whose content goes too, not only the tag.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template"}

_MARKUP = re.compile(r"<\s*/?\s*(p|br|strong|em|ul|ol|li|blockquote|a)\b", re.IGNORECASE)


def sanitise_story_html(raw: str) -> str:
    """Clean HTML to the allowed subset; plain text becomes paragraphs.

    Links keep only http(s) targets and get ``rel="nofollow noopener noreferrer"``.
    """
    raw = (raw or "").replace("\r\n", "\n").strip()
    if not _MARKUP.search(raw):
        raw = linebreaks(raw, autoescape=True)  # escapes everything, then <p>/<br>
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def plain_text(value: str) -> str:
    """The text of cleaned HTML without tags, unescaped: escape it again when showing it."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()
