"""The pure rules of a report's road."""

from wendbaar.reports.workflow import ChapterFacts, allowed, gaps, next_statuses


def facts(works=0, not_yet=0, nothing_works=False, nothing_fails=False):
    return ChapterFacts("Werk", works, not_yet, nothing_works, nothing_fails)


def test_the_road():
    assert allowed("concept", "review") and allowed("review", "adopted")
    assert allowed("review", "concept")
    assert not allowed("concept", "adopted") and not allowed("adopted", "concept")
    assert next_statuses("review") == ["adopted", "concept"]
    assert next_statuses("adopted") == []


def test_gaps():
    assert gaps([]) == [("", "no_chapters")]
    assert gaps([facts(1, 1)]) == []
    assert gaps([facts(1, 0, nothing_fails=True)]) == []
    assert gaps([facts(0, 0)]) == [("Werk", "works_unanswered"), ("Werk", "not_yet_unanswered")]
    # An empty half is never read as "nothing"; a claim and "nothing" contradict.
    assert gaps([facts(2, 0, nothing_works=True, nothing_fails=True)]) == [
        ("Werk", "works_contradicts")
    ]
