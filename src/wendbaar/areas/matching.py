"""Finding areas by what people type: names, aliases, typos, postcodes and CBS codes.

Pure Python (no Django): :class:`SearchIndex` is built from plain :class:`Entry` rows
and answers :meth:`SearchIndex.find` in memory. ``areas/selectors.py`` builds one index
per process from the database and rebuilds it when the areas, aliases or postcodes
change (see ``search_index``).

Ranking, best first:

1. a CBS code, or a postcode's buurten (what the query asks for exactly);
2. exact name ("Overvecht" finds "Wijk 03 Overvecht": the "Wijk NN" prefix CBS gives
   wijk names is not part of the name people use);
3. name starting with the query;
4. alias (exact or starting with the query): "Den Haag" → 's-Gravenhage;
5. name containing the query;
6. typo-tolerant (``rapidfuzz``): "overvect" → Overvecht, best score first.

Within a tier: gemeenten before wijken before buurten, then by name. Names are compared
without case, accents, apostrophes and hyphens ("'s-Gravenhage" = "s gravenhage").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from rapidfuzz import fuzz, process

# A Dutch postcode: four digits (no leading zero), optionally two letters ("3563 AB").
POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$")
CODE = re.compile(r"^\s*((?:GM|WK|BU)[0-9A-Z]{4,8})\s*$", re.IGNORECASE)
# CBS names wijken "Wijk 03 Overvecht"; the number is not what people type.
DISTRICT_NUMBER = re.compile(r"^wijk \d+ ")
_SEPARATORS = re.compile(r"[^0-9a-z]+")

# Typo tolerance: the least rapidfuzz score (0-100) that counts, and the shortest query
# it is tried on (three letters match too much by chance).
FUZZY_CUTOFF = 80
FUZZY_MIN_LENGTH = 4
# "Contains" needs three letters: "a" is in most names.
CONTAINS_MIN_LENGTH = 3


class Tier(IntEnum):
    CODE = 0
    EXACT = 1
    PREFIX = 2
    ALIAS = 3
    CONTAINS = 4
    FUZZY = 5


# Level ranks: gemeenten first on ties.
MUNICIPALITY, DISTRICT, NEIGHBOURHOOD = 0, 1, 2


def normalise(text: str) -> str:
    """Lower case without accents, apostrophes and punctuation; words separated by one
    space: "'s-Gravenhage" → "s gravenhage", "Máximapark" → "maximapark"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace("'", "").replace("\u2019", "").replace("`", "")
    return _SEPARATORS.sub(" ", plain).strip()


def name_key(name: str) -> str:
    """The key a name is found by: normalised, without CBS's "Wijk NN " prefix."""
    return DISTRICT_NUMBER.sub("", normalise(name))


def postcode_of(term: str) -> str | None:
    """The PC4 of a query that is a postcode ("3563", "3563 AB", "3563ab"), else None."""
    match = POSTCODE.match(term or "")
    return match.group(1) if match else None


@dataclass(frozen=True)
class Entry:
    """One way to find an area: its name, or one of its aliases."""

    area_id: int
    code: str
    name: str
    level_rank: int
    alias: str = ""  # the alias text when this entry is an alias

    @property
    def key(self) -> str:
        return name_key(self.alias or self.name)


@dataclass(frozen=True)
class Match:
    area_id: int
    tier: Tier
    level_rank: int
    name: str
    alias: str = ""  # "also known as" when found through an alias
    score: float = 100.0
    postcode: str = ""  # the PC4 it was found by

    def sort_key(self) -> tuple:
        return (self.tier, -round(self.score), self.level_rank, self.name.lower(), self.area_id)


@dataclass
class SearchIndex:
    """Names, aliases and postcodes of all areas, held in memory."""

    entries: Iterable[Entry]
    postcodes: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key: dict[str, list[Entry]] = {}
        self.by_code: dict[str, Entry] = {}
        for entry in self.entries:
            self.by_key.setdefault(entry.key, []).append(entry)
            if not entry.alias:
                self.by_code[entry.code] = entry
        self.entries = []  # the dicts hold them
        self.keys = sorted(self.by_key)
        # "Contains" searches one string of all keys (in C) rather than each key (in Python).
        self._joined = "\n".join(self.keys)
        self._starts = []
        position = 0
        for key in self.keys:
            self._starts.append(position)
            position += len(key) + 1
        # Typo targets: each key, and each of its tails from the second word on
        # ("poldergebied overvecht" → "overvecht"), so a typo of one word of a long name
        # is found by plain edit distance rather than rapidfuzz's noisier partial scores.
        targets: dict[str, list[str]] = {}
        for key in self.keys:
            targets.setdefault(key, []).append(key)
            words = key.split(" ")
            for i in range(1, len(words)):
                tail = " ".join(words[i:])
                if len(tail) >= FUZZY_MIN_LENGTH:
                    targets.setdefault(tail, []).append(key)
        self.fuzzy_targets = targets
        self.fuzzy_choices = list(targets)

    def __len__(self) -> int:
        return sum(len(entries) for entries in self.by_key.values())

    def find(self, term: str, limit: int = 20) -> list[Match]:
        """The best ``limit`` matches for ``term``, best first; an area appears once."""
        best: dict[int, Match] = {}

        def offer(entry: Entry, tier: Tier, score: float = 100.0, postcode: str = "") -> None:
            alias = entry.alias if tier in (Tier.ALIAS, Tier.FUZZY) else ""
            match = Match(entry.area_id, tier, entry.level_rank, entry.name, alias, score, postcode)
            known = best.get(entry.area_id)
            if known is None or match.sort_key() < known.sort_key():
                best[entry.area_id] = match

        code = CODE.match(term or "")
        if code and (entry := self.by_code.get(code.group(1).upper())):
            offer(entry, Tier.CODE)
        pc4 = postcode_of(term)
        if pc4:
            for entry in self.postcodes.get(pc4, []):
                offer(entry, Tier.CODE, postcode=pc4)
            return self._ranked(best, limit)

        query = name_key(term)
        if not query:
            return self._ranked(best, limit)
        # Exact and prefix: the keys from ``query`` up to the first that no longer starts
        # with it (sorted order).
        start = bisect.bisect_left(self.keys, query)
        for key in self.keys[start:]:
            if not key.startswith(query):
                break
            for entry in self.by_key[key]:
                if entry.alias:
                    offer(entry, Tier.ALIAS)
                else:
                    offer(entry, Tier.EXACT if key == query else Tier.PREFIX)
        if len(query) >= CONTAINS_MIN_LENGTH:
            seen: set[int] = set()
            for hit in re.finditer(re.escape(query), self._joined):
                i = bisect.bisect_right(self._starts, hit.start()) - 1
                if i in seen or hit.start() == self._starts[i]:  # a prefix: done above
                    continue
                seen.add(i)
                for entry in self.by_key[self.keys[i]]:
                    offer(entry, Tier.ALIAS if entry.alias else Tier.CONTAINS)
        if len(best) < limit and len(query) >= FUZZY_MIN_LENGTH and not code:
            for target, score, _ in process.extract(
                query,
                self.fuzzy_choices,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=limit * 2,
            ):
                for key in self.fuzzy_targets[target]:
                    for entry in self.by_key[key]:
                        offer(entry, Tier.FUZZY, score)
        return self._ranked(best, limit)

    @staticmethod
    def _ranked(best: dict[int, Match], limit: int) -> list[Match]:
        return sorted(best.values(), key=Match.sort_key)[:limit]
