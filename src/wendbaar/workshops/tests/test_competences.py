"""The competence game's catalogue (``workshops/competences.py``). No database."""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from wendbaar.workshops import competences
from wendbaar.workshops.competences import (
    BEST_PERSON_TYPES,
    BY_KEY,
    COMPETENCES,
    KIND_OF,
    KINDS,
    description,
    label,
)


def imported_modules(module) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text())
    return {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "level", 0) == 0
        for alias in node.names
    }


class TestCatalogue:
    def test_pure(self):
        assert imported_modules(competences) <= set(sys.stdlib_module_names) | {"__future__"}

    def test_more_than_forty_competences_with_unique_slugs(self):
        assert len(COMPETENCES) >= 44
        keys = [c.key for c in COMPETENCES]
        assert len(set(keys)) == len(keys)
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys), keys
        assert {c.key: c for c in COMPETENCES} == BY_KEY
        # Unique names too: two cards with the same Dutch text would confuse the game.
        assert len({c.nl for c in COMPETENCES}) == len(COMPETENCES)
        assert len({c.en for c in COMPETENCES}) == len(COMPETENCES)

    def test_every_kind_valid_and_each_type_has_eight(self):
        per_kind = Counter(c.kind for c in COMPETENCES)
        assert set(per_kind) == set(KINDS)
        assert min(per_kind.values()) >= 8, per_kind
        assert KIND_OF["speaks_residents_language"] == "frontline_workers"
        assert KIND_OF["connecting"] == "bridge_builders"

    def test_no_empty_texts(self):
        for c in COMPETENCES:
            assert c.nl.strip() and c.en.strip(), c
        for t in BEST_PERSON_TYPES:
            assert all(x.strip() for x in (t.nl, t.en, t.description_nl, t.description_en)), t

    def test_the_zwijndrecht_talents_are_in_it(self):
        names = {c.nl for c in COMPETENCES}
        for seen in (
            "Enthousiasmeren",
            "Collega's inspireren",
            "De juiste personen zoeken bij elke uitdaging",
            "Lef",
            "Fouten durven maken",
            "Spreekt de taal van bewoners",
            "Ziet mensen die zich inzetten en zet ze in het zonnetje",
            "Bewaart het overzicht",
            "Staat open voor kansen en mogelijkheden ondanks kaders",
            "Denkt oplossingsgericht",
        ):
            assert seen in names

    def test_four_best_person_types_in_the_workbooks_order(self):
        assert [t.key for t in BEST_PERSON_TYPES] == [
            "everyday_doers",
            "frontline_workers",
            "social_entrepreneurs",
            "bridge_builders",
        ]
        assert [t.nl for t in BEST_PERSON_TYPES] == [
            "Alledaagse doeners",
            "Frontliniewerkers",
            "Sociale ondernemers",
            "Bruggenbouwers",
        ]


class TestLanguage:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [("nl", "Luisteren"), ("nl-nl", "Luisteren"), ("NL", "Luisteren"), ("en", "Listening")],
    )
    def test_label(self, language, expected):
        assert label(BY_KEY["listening"], language) == expected

    def test_unknown_language_is_english(self):
        assert label(BY_KEY["listening"], "de") == "Listening"
        assert label(BY_KEY["listening"], "") == "Listening"

    def test_type_label_and_description(self):
        bridge = BEST_PERSON_TYPES[3]
        assert label(bridge, "nl") == "Bruggenbouwers"
        assert label(bridge, "en-gb") == "Bridge builders"
        assert description(bridge, "nl").startswith("Voortdurend bezig spanningen op te heffen")
        assert description(bridge, "en").startswith("Constantly easing tensions")
