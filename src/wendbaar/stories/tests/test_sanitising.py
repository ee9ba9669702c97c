import pytest

from wendbaar.stories.sanitising import plain_text, sanitise_story_html

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "<svg onload=alert(1)>",
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_neutralised(attack):
    cleaned = sanitise_story_html(f"<p>Hallo</p>{attack}")
    lowered = cleaned.lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<svg",
        "<img",
        "<iframe",
        "style=",
    ):
        assert bad not in lowered


def test_allowed_formatting_is_kept():
    html = "<p>Een <strong>sterk</strong> en <em>mooi</em> verhaal</p><ul><li>a</li></ul>"
    html += "<blockquote>citaat</blockquote><ol><li>b</li></ol>"
    assert sanitise_story_html(html) == html


def test_links_only_http_with_nofollow():
    cleaned = sanitise_story_html('<p><a href="https://example.org/x">site</a></p>')
    assert 'href="https://example.org/x"' in cleaned
    assert 'rel="nofollow noopener noreferrer"' in cleaned
    cleaned = sanitise_story_html('<p><a href="ftp://example.org">x</a></p>')
    assert "ftp:" not in cleaned


def test_plain_text_becomes_paragraphs_and_is_escaped():
    cleaned = sanitise_story_html("Eerste alinea\n\nTweede <3 regel\nderde")
    assert cleaned == "<p>Eerste alinea</p>\n\n<p>Tweede &lt;3 regel<br>derde</p>"


def test_plain_text_unescapes_for_excerpts():
    assert plain_text("<p>A &amp; B</p>") == "A & B"
