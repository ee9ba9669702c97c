"""``{% memo key … %}…{% endmemo %}``: a rendered fragment kept in this process's memory.

For the monitor's large tables, which depend only on the stored analysis: rendering them
again on every request was most of a page's time. The output is kept per template
position, the values given and the active language, in a bounded in-process LRU (no
pickling, no cache server: a fragment is a string, and a worker keeps what it renders).

The rule for using it: the values must name everything the fragment shows, and one of
them must be the stored analysis's key (``stored.analysis.key``, or a key that holds it:
``profile.cache_key``), so a new data version never shows an old fragment. Nothing
user-specific may be inside a memo block (sign-in state, permissions beyond what the key
says, CSRF tokens, restricted stories): it would be shown to the next reader.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..stored.store import AnalysisKey

register = template.Library()

#: Characters of rendered fragments kept per process (about 2 bytes each at most).
MAX_CHARS = 24_000_000

_fragments: OrderedDict[tuple, SafeString] = OrderedDict()
_size = 0
_lock = threading.Lock()


def _holds_analysis_key(value: object) -> bool:
    if isinstance(value, AnalysisKey):
        return True
    return isinstance(value, tuple) and any(_holds_analysis_key(v) for v in value)


def clear() -> None:
    """Forget every kept fragment (tests)."""
    global _size
    with _lock:
        _fragments.clear()
        _size = 0


def _remember(key: tuple, html: SafeString) -> None:
    global _size
    with _lock:
        if key in _fragments:
            return
        _fragments[key] = html
        _size += len(html)
        while _size > MAX_CHARS and len(_fragments) > 1:
            _old, dropped = _fragments.popitem(last=False)
            _size -= len(dropped)


class MemoNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: list, where: tuple) -> None:
        self.nodelist = nodelist
        self.values = values
        self.where = where

    def render(self, context: template.Context) -> str:
        values = tuple(v.resolve(context) for v in self.values)
        if not any(_holds_analysis_key(v) for v in values):
            raise template.TemplateSyntaxError(
                "{% memo %} needs the stored analysis's key among its values "
                f"({self.where[0]}): a fragment must not outlive its data version."
            )
        key = (self.where, get_language(), values)
        with _lock:
            html = _fragments.get(key)
            if html is not None:
                _fragments.move_to_end(key)
                return html
        html = mark_safe(self.nodelist.render(context))
        _remember(key, html)
        return html


@register.tag("memo")
def do_memo(parser: template.base.Parser, token: template.base.Token) -> MemoNode:
    """``{% memo stored.analysis.key area.code "name" %}…{% endmemo %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo %} needs at least one value to key on")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    # The block's place in its template (the lexer keeps no offsets unless debugging).
    where = (getattr(origin, "name", "") or "", token.lineno, token.contents)
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], where)
