"""The layers of docs/architecture.md hold for what import-linter cannot see.

``lint-imports`` checks the Python imports against the layer contract in
``pyproject.toml``. Foreign keys name their target by a string model label
(``"areas.Area"``), and such a reference is a dependency too: an app whose model points
*up* would make its migrations depend on a higher app. This test reads the same layer
list and fails for every relation that points up, and for an app missing from the list.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def layer_of() -> dict[str, int]:
    """App label → layer number (0 = the lowest); apps of one layer share a number."""
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c for c in config if c["type"] == "layers")["layers"]
    result: dict[str, int] = {}
    for number, layer in enumerate(reversed(layers)):
        for module in layer.split("|"):
            result[module.strip().removeprefix("wendbaar.")] = number
    return result


def our_apps():
    return [a for a in apps.get_app_configs() if a.name.startswith("wendbaar.")]


def test_every_app_of_ours_has_a_layer():
    layers = layer_of()
    missing = [a.label for a in our_apps() if a.label not in layers]
    assert not missing, f"Add these apps to the layer contract in pyproject.toml: {missing}"


def test_relations_point_down_the_layers():
    layers = layer_of()
    upward = []
    for app in our_apps():
        for model in app.get_models():
            for field in model._meta.get_fields(include_hidden=True):
                if not field.is_relation or field.auto_created or field.related_model is None:
                    continue
                if field.related_model._meta.label == settings.AUTH_USER_MODEL:
                    continue  # the user model is Django's swappable setting, for every layer
                target = field.related_model._meta.app_label
                if target in layers and layers[target] > layers[app.label]:
                    upward.append(f"{model._meta.label}.{field.name} → {target}")
    assert not upward, f"Relations pointing up the layers: {upward}"


def test_the_check_can_fail():
    """The layer numbers order the kernel below the apps built on it (a guard against a
    parsing mistake that would make the relation test vacuous)."""
    layers = layer_of()
    assert layers["core"] < layers["areas"] < layers["accounts"] < layers["monitor"]
    assert layers["organisations"] < layers["approaches"] < layers["coalition"]
    assert layers["coalition"] < layers["agenda"] < layers["pages"] == layers["api"]
