"""Removing a person from the text of their story when their details are erased.

Pure functions, no Django: the caller passes the marker (``gettext("[removed]")``) and
what to remove. Story text is cleaned HTML (``sanitising.py``); what is removed is
looked up as typed and as HTML-escaped, and the result is cleaned again by the caller.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Name parts too common to remove on their own ("Anna van der Berg": not "van", "der").
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "op", "in"}
MIN_NAME_PART = 3

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A telephone number: 9 to 15 digits with the usual separators ("06-12345678",
# "+31 (0)30 123 45 67"). Dates ("2024-05-01") have 8 digits and stay.
PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().-]{6,22}\d(?!\w)")
# A Dutch postcode ("3511 AB") and a street with a house number ("Kerkstraat 12a",
# "Burgemeester Reigerstraat 3-5"): the common street-name endings.
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
STREET = re.compile(
    r"\b(?:[A-Z][\w'.-]*\s)?[A-Z][\w'-]*"
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|park|steeg|dreef|pad|baan|ring"
    r"|markt|veld|erf|wal|burg|plantsoen|allee|boulevard|dam|straatweg)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z]\b|-\d{1,5}\b)?"
)


@dataclass(frozen=True)
class Person:
    """What is known about the person whose traces must go."""

    name: str = ""
    email: str = ""
    phone: str = ""
    addresses: tuple[str, ...] = ()


def name_terms(name: str) -> list[str]:
    """The full name and each distinctive part of it, longest first."""
    name = " ".join((name or "").split())
    if not name:
        return []
    parts = [p for p in re.split(r"[\s,]+", name) if len(p) >= MIN_NAME_PART]
    parts = [p for p in parts if p.lower() not in PARTICLES]
    return sorted({name, *parts}, key=lambda term: (-len(term), term))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _replace_term(text: str, term: str, marker: str) -> str:
    for form in dict.fromkeys(
        [term, html.escape(term, quote=True), html.escape(term, quote=False)]
    ):
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(marker, text)
    return text


def _replace_phones(text: str, marker: str) -> str:
    def one(match: re.Match) -> str:
        digits = _digits(match.group(0))
        return marker if 9 <= len(digits) <= 15 else match.group(0)

    return PHONE_CANDIDATE.sub(one, text)


TAG = re.compile(r"(<[^>]*>)")


def redact_text(text: str, person: Person, marker: str) -> str:
    """``text`` without the person's name, e-mail, telephone numbers and addresses, nor
    any e-mail address, telephone number, postcode or street address at all. In HTML
    only the text between tags changes (a person called "Strong" leaves ``<strong>``)."""
    if not text:
        return text
    return "".join(
        part if TAG.fullmatch(part) else _redact_plain(part, person, marker)
        for part in TAG.split(text)
    )


def _redact_plain(text: str, person: Person, marker: str) -> str:
    terms = [person.email, person.phone, *person.addresses, *name_terms(person.name)]
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        text = _replace_term(text, term, marker)
    text = EMAIL.sub(marker, text)
    text = _replace_phones(text, marker)
    text = STREET.sub(marker, text)
    return POSTCODE.sub(marker, text)


def remove_passages(text: str, passages: Iterable[str], marker: str) -> tuple[str, bool]:
    """Replace each passage; False when one cannot be found (it may span markup), so the
    text cannot be cleaned with certainty."""
    found_all = True
    for passage in sorted(
        {" ".join(p.split()) for p in passages if p and p.strip()}, key=len, reverse=True
    ):
        before = text
        for form in dict.fromkeys(
            [passage, html.escape(passage, quote=True), html.escape(passage, quote=False)]
        ):
            pattern = re.compile(r"\s+".join(re.escape(w) for w in form.split()), re.IGNORECASE)
            text = pattern.sub(marker, text)
        if text == before:
            found_all = False
    return text, found_all


def contains_passage(text: str, passage: str) -> bool:
    """Whether ``passage`` occurs in plain ``text`` (spaces and case ignored)."""
    norm = " ".join(text.split()).lower()
    return " ".join(passage.split()).lower() in norm
