"""``{% memo analysis key … %}…{% endmemo %}``: a rendered fragment kept with the analysis.

For the monitor's large tables, which depend only on the stored analysis: rendering them
again on every request was most of a page's time. The output is kept in memory with the
:class:`~..stored.store.StoredAnalysis` it shows (so it lives exactly as long as that data
version is held, and a new one never shows an old fragment), per template position, the
values given and the active language, in a bounded LRU (no pickling, no cache server).

The rule for using it: the first value is the stored analysis (``stored.analysis``), the
others name everything else the fragment shows (the area, what the map shows, whether
sensitive indicators are in it). Nothing user-specific may be inside a memo block
(sign-in state, permissions beyond what the values say, CSRF tokens, restricted
stories): it would be shown to the next reader.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..stored.store import StoredAnalysis

register = template.Library()

#: Characters of rendered fragments kept per analysis (about 2 bytes each at most).
MAX_CHARS = 16_000_000


class Fragments:
    """The fragments kept for one analysis: least recently used dropped past MAX_CHARS."""

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple, SafeString] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> SafeString | None:
        with self.lock:
            html = self.kept.get(key)
            if html is not None:
                self.kept.move_to_end(key)
            return html

    def put(self, key: tuple, html: SafeString) -> None:
        with self.lock:
            if key in self.kept:
                return
            self.kept[key] = html
            self.size += len(html)
            while self.size > MAX_CHARS and len(self.kept) > 1:
                _old, dropped = self.kept.popitem(last=False)
                self.size -= len(dropped)


class MemoNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: list, where: tuple) -> None:
        self.nodelist = nodelist
        self.values = values
        self.where = where

    def render(self, context: template.Context) -> str:
        # Fail closed: a key value the context lacks would otherwise resolve to "" and
        # one fragment would serve every area, gemeente and reader.
        analysis, *values = (v.resolve(context, ignore_failures=True) for v in self.values)
        if not values or any(v in (None, "", ()) for v in values):
            raise template.TemplateSyntaxError(
                f"{{% memo %}} in {self.where[0]}: a key value is missing or empty, so the "
                "fragment cannot say what it shows."
            )
        if not isinstance(analysis, StoredAnalysis):
            raise template.TemplateSyntaxError(
                f"{{% memo %}} needs the stored analysis first ({self.where[0]}): a fragment "
                "lives with the data version it shows."
            )
        fragments = analysis.memo("rendered_fragments", (), Fragments)
        key = (self.where, get_language(), tuple(values))
        html = fragments.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))
            fragments.put(key, html)
        return html


@register.tag("memo")
def do_memo(parser: template.base.Parser, token: template.base.Token) -> MemoNode:
    """``{% memo stored.analysis area.code "name" %}…{% endmemo %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo %} needs the stored analysis to key on")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    # The block's place in its template (the lexer keeps no offsets unless debugging).
    where = (getattr(origin, "name", "") or "", token.lineno, token.contents)
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], where)
