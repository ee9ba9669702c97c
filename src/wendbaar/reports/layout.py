"""How a report's content is laid out for reading, shared by the web page
(``report_views``) and the PDF (``pdf``): the chapters' anchors and the appendix of
projects. Plain functions over ``content``; no requests, no database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import slugify

from .content import ChapterContent, OutputContent

WHOLE_REPORT = "comments"  # the anchor of the comments on the report as a whole


def file_name(title: str, version: int, suffix: str) -> str:
    """A download's name: "progress-report-overvecht-2025-v1.pdf"."""
    return f"{slugify(title) or 'report'}-v{version}{suffix}"


def chapter_anchor(chapter_id: int | None) -> str:
    return f"chapter-{chapter_id}" if chapter_id else WHOLE_REPORT


@dataclass
class ProjectRow:
    output: OutputContent
    goals: list[str]


def projects(chapters: Iterable[ChapterContent]) -> list[ProjectRow]:
    """Every project once, with the goals it serves (a project of two goals is in both
    chapters, and once in the appendix)."""
    rows: dict[str, ProjectRow] = {}
    for chapter in chapters:
        for output in chapter.outputs:
            rows.setdefault(output.project, ProjectRow(output, [])).goals.append(chapter.title)
    return list(rows.values())


@dataclass
class NumberedChapter:
    """A goal chapter as it is read: its number and its anchor (the web page adds the
    comments and the comment form: ``report_views.ChapterPart``)."""

    content: ChapterContent
    number: int
    anchor: str


def numbered(chapters: Iterable[ChapterContent]) -> list[NumberedChapter]:
    return [
        NumberedChapter(content=c, number=n, anchor=chapter_anchor(c.chapter_id))
        for n, c in enumerate(chapters, start=1)
    ]
