"""The pure rules that take a person out of a story's text."""

import pytest

from wendbaar.stories.redaction import Person, name_terms, redact_text, remove_passages

M = "[removed]"


def test_name_parts_but_not_particles():
    assert name_terms("Anna van der Berg") == ["Anna van der Berg", "Anna", "Berg"]
    text = redact_text(
        "<p>Anna en de buren van de Berg-familie.</p>", Person(name="Anna van der Berg"), M
    )
    assert text == f"<p>{M} en de buren van de {M}-familie.</p>"


@pytest.mark.parametrize(
    "typed",
    ["06-12345678", "06 1234 5678", "+31 6 12345678", "030-1234567", "0031 (0)30 123 45 67"],
)
def test_any_telephone_number_goes(typed):
    assert redact_text(f"Bel {typed} maar.", Person(), M) == f"Bel {M} maar."


def test_dates_years_and_amounts_stay():
    text = "Op 2024-05-01 kwamen 150 mensen, in 2023 nog 12.000 euro."
    assert redact_text(text, Person(), M) == text


def test_email_postcode_and_street_go():
    text = (
        "Mail A.Jansen@Example.org, Kerkstraat 12a, 3511 AB Utrecht; "
        "ook Burgemeester Reigerstraat 3-5."
    )
    assert redact_text(text, Person(email="a.jansen@example.org"), M) == (
        f"Mail {M}, {M}, {M} Utrecht; ook {M}."
    )


def test_html_escaped_name_is_found():
    text = "<p>Groet, Sinéad O&#x27;Brien &amp; co</p>"
    assert "Brien" not in redact_text(text, Person(name="Sinéad O'Brien"), M)


def test_passages_found_across_spacing_and_reported_when_missing():
    text, found = remove_passages("<p>Ik woon  naast\nde bakker.</p>", ["woon naast de bakker"], M)
    assert (text, found) == (f"<p>Ik {M}.</p>", True)
    text, found = remove_passages("<p>Mijn <em>huis</em>.</p>", ["Mijn huis"], M)
    assert found is False


def test_only_text_between_tags_changes():
    text = '<p><strong>Strong</strong> woont hier, zie <a href="https://x.example/a">site</a></p>'
    out = redact_text(text, Person(name="Strong"), M)
    assert (
        out == f'<p><strong>{M}</strong> woont hier, zie <a href="https://x.example/a">site</a></p>'
    )
