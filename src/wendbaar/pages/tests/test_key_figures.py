"""The five key figures that open the area page: the rule, the comparison, the fill-up."""

from __future__ import annotations

from types import SimpleNamespace as NS

from wendbaar.pages.key_figures import KEY_SET, key_figures


def fig(text, value=1.0):
    return NS(text=text, value=value, is_value=value is not None)


def line(period, peer_text):
    own = NS(key="area", points=(NS(period=period, is_value=True, text="x"),))
    peers = NS(key="peers", points=(NS(period=period, is_value=True, text=peer_text),))
    return NS(series=(own, peers))


def row(code, *, position=None, outcome=True, peer=None, value=1.0, gemeente="9"):
    return NS(
        info=NS(code=code),
        period=2024,
        figure=fig("1", value),
        municipality=fig(gemeente),
        national=fig("8"),
        position=position,
        is_outcome=outcome,
        trend_line=line(2024, peer) if peer else None,
    )


def profile(rows, *, judged=True):
    return NS(
        sections=[NS(rows=rows)],
        judged=judged,
        municipality=NS(name="Utrecht"),
    )


def test_the_five_weakest_outcomes_first_against_the_reference_group():
    rows = [row(f"o{i}", position=p, peer=f"p{i}") for i, p in enumerate([50, 3, 80, 10, 20, 7])]
    rows.append(row("context", position=None, outcome=False))
    chosen = key_figures(profile(rows))
    assert [k.info.code for k in chosen] == ["o1", "o5", "o3", "o4", "o0"]
    assert chosen[0].reference_text == "p1"
    assert chosen[0].reference_label == "reference group"


def test_without_a_reference_group_the_gemeente_then_the_netherlands():
    chosen = key_figures(profile([row("o1", position=5), row("o2", position=6)]))
    assert (chosen[0].reference_label, chosen[0].reference_text) == ("Utrecht", "9")
    chosen = key_figures(
        profile([NS(**{**vars(row("o2", position=6)), "municipality": fig("no figure", None)})])
    )
    assert chosen[0].reference_label == "the Netherlands"


def test_not_judged_fills_up_from_the_fixed_key_set_then_other_outcomes():
    rows = [row("other_outcome"), row(KEY_SET[2]), row(KEY_SET[0]), row("ctx", outcome=False)]
    chosen = key_figures(profile(rows, judged=False))
    assert [k.info.code for k in chosen] == [KEY_SET[0], KEY_SET[2], "other_outcome"]


def test_rows_without_a_figure_and_no_profile_give_nothing():
    assert key_figures(None) == []
    assert key_figures(profile([row("o1", position=1, value=None)])) == []
