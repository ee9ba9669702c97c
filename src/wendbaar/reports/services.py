"""Writes of progress reports: one service per use case, each checking the policy and
leaving an audit event. Adoption freezes the composed content (``Report.snapshot``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.agenda.models import Goal
from wendbaar.approaches.models import Approach
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event, save_validated
from wendbaar.core.withdrawal import reason_text
from wendbaar.organisations.models import Organisation

from . import content, workflow
from .compose import compose
from .constants import (
    MAX_CLAIM_LENGTH,
    MAX_VOICES_PER_CHAPTER,
    OPENING_VOICES,
    MeasurementKind,
    Section,
    Status,
)
from .models import Chapter, Claim, Comment, Report, ReportStep, Voice
from .permissions import may, may_compose_in
from .quotable import eligible_stories

# A claim as a writer gives it: (text, kind of measurement).
ClaimInput = tuple[str, str]


def _step(report: Report, old: str, new: str, by: Any, note: str = "") -> None:
    ReportStep.objects.create(
        report=report, from_step=old, to_step=new, at=timezone.now(), note=note, by=acting_user(by)
    )


def _add_chapters(report: Report) -> int:
    """A chapter for every goal of the wijkaanpak that has none yet; how many were added."""
    have = set(report.chapters.values_list("goal_id", flat=True))
    goals = [g for g in Goal.objects.filter(approach=report.approach) if g.pk not in have]
    last = report.chapters.count()
    Chapter.objects.bulk_create(
        Chapter(report=report, goal=g, goal_title=g.title, order=last + i)
        for i, g in enumerate(goals, start=1)
    )
    return len(goals)


def _default_title(approach: Approach, start: dt.date, end: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the report's own language
        period = (
            str(start.year) if (start.year == end.year) else f"{start.year}\N{EN DASH}{end.year}"
        )
        return _("Progress report %(approach)s %(period)s") % {
            "approach": approach.name,
            "period": period,
        }


@transaction.atomic
def create_report(
    *,
    approach: Approach,
    period_start: dt.date,
    period_end: dt.date,
    title: str = "",
    by: Any,
) -> Report:
    """A draft report with a chapter per agenda goal. One report per period: a second
    one for the same period is refused (a correction of an adopted one is
    ``correct_report``)."""
    require(may_compose_in(by, approach))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end after it starts.")})
    if Report.objects.filter(approach=approach, period_start=period_start).exists():
        raise ValidationError(
            {"period_start": _("This wijkaanpak already has a report for this period.")}
        )
    report = Report(
        approach=approach,
        period_start=period_start,
        period_end=period_end,
        title=title.strip() or _default_title(approach, period_start, period_end),
        created_by=acting_user(by),
    )
    save_validated(report)
    _add_chapters(report)
    _step(report, "", Status.CONCEPT, by)
    record_audit_event(
        actor=by,
        action="report_created",
        obj=report,
        approach_id=approach.pk,
        period=[period_start.isoformat(), period_end.isoformat()],
    )
    return report


def _require_editable(report: Report) -> None:
    if report.status not in workflow.EDITABLE:
        raise ValidationError(
            _("An adopted report is frozen: a correction is a new version, with a reason."),
            code="frozen",
        )


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def update_report(
    *, report: Report, by: Any, title: str, introduction: str = "", intentions: str = ""
) -> Report:
    """The texts around the chapters: title, introduction, next year's intentions."""
    require(may(by, "compose", report))
    report = _locked(report)
    _require_editable(report)
    if not title.strip():
        raise ValidationError({"title": _("A report needs a title.")})
    report.title, report.introduction, report.intentions = (
        title.strip(),
        introduction.strip(),
        intentions.strip(),
    )
    save_validated(report)
    record_audit_event(actor=by, action="report_updated", obj=report)
    return report


def _clean_claims(claims: Sequence[ClaimInput], field: str) -> list[ClaimInput]:
    cleaned = []
    for n, (text, kind) in enumerate(claims, start=1):
        text = (text or "").strip()
        if not text and not kind:
            continue  # an empty row of the form
        if not text:
            raise ValidationError({field: _("Line %(n)s: write the claim.") % {"n": n}})
        if len(text) > MAX_CLAIM_LENGTH:
            raise ValidationError(
                {
                    field: _("Line %(n)s: at most %(max)s characters.")
                    % {"n": n, "max": MAX_CLAIM_LENGTH}
                }
            )
        if kind not in MeasurementKind.values:
            raise ValidationError(
                {
                    field: _("Line %(n)s: say how this is known (the kind of measurement).")
                    % {"n": n}
                }
            )
        cleaned.append((text, kind))
    return cleaned


@transaction.atomic
def save_chapter(
    *,
    chapter: Chapter,
    by: Any,
    works: Sequence[ClaimInput] = (),
    not_yet: Sequence[ClaimInput] = (),
    nothing_works: bool = False,
    nothing_fails: bool = False,
) -> Chapter:
    """What works and what does not (yet): the claims replace the chapter's earlier ones.
    "Nothing to report" and a claim in the same half contradict each other."""
    require(may(by, "compose", chapter.report))
    _require_editable(_locked(chapter.report))
    works = _clean_claims(works, "works")
    not_yet = _clean_claims(not_yet, "not_yet")
    for claims, nothing, field in (
        (works, nothing_works, "works"),
        (not_yet, nothing_fails, "not_yet"),
    ):
        if claims and nothing:
            raise ValidationError(
                {field: _("Either write what there is to report, or choose “nothing to report”.")}
            )
    chapter.claims.all().delete()
    Claim.objects.bulk_create(
        [
            Claim(chapter=chapter, section=Section.WORKS, text=t, kind=k, order=i)
            for i, (t, k) in enumerate(works)
        ]
        + [
            Claim(chapter=chapter, section=Section.NOT_YET, text=t, kind=k, order=i)
            for i, (t, k) in enumerate(not_yet)
        ]
    )
    chapter.nothing_works, chapter.nothing_fails = nothing_works, nothing_fails
    chapter.save(update_fields=["nothing_works", "nothing_fails"])
    record_audit_event(
        actor=by,
        action="report_chapter_saved",
        obj=chapter.report,
        chapter_id=chapter.pk,
        works=len(works),
        not_yet=len(not_yet),
        nothing_works=nothing_works,
        nothing_fails=nothing_fails,
    )
    return chapter


@transaction.atomic
def set_voices(
    *, report: Report, chapter: Chapter | None = None, story_ids: Sequence[int], by: Any
) -> list[Voice]:
    """The voices of a chapter (or, without one, of the opening), in the order given."""
    require(may(by, "compose", report))
    report = _locked(report)
    _require_editable(report)
    if chapter is not None and chapter.report_id != report.pk:
        raise ValidationError(_("That chapter belongs to another report."))
    ids = list(dict.fromkeys(int(i) for i in story_ids))
    limit = OPENING_VOICES if chapter is None else MAX_VOICES_PER_CHAPTER
    if len(ids) > limit:
        raise ValidationError(
            {"stories": _("At most %(n)s voices here: the stories lead, not crowd.") % {"n": limit}}
        )
    allowed = set(eligible_stories(report).filter(pk__in=ids).values_list("pk", flat=True))
    refused = [i for i in ids if i not in allowed]
    if refused:
        raise ValidationError(
            {
                "stories": _(
                    "Story %(id)s cannot be quoted: only published stories with public "
                    "consent from this wijkaanpak's areas."
                )
                % {"id": refused[0]}
            }
        )
    Voice.objects.filter(report=report, chapter=chapter).delete()
    voices = Voice.objects.bulk_create(
        Voice(report=report, chapter=chapter, story_id=sid, order=i) for i, sid in enumerate(ids)
    )
    record_audit_event(
        actor=by,
        action="report_voices_set",
        obj=report,
        chapter_id=chapter.pk if chapter else None,
        story_ids=ids,
    )
    return voices


def adoption_gaps(report: Report) -> list[str]:
    """Why ``report`` cannot be adopted yet, in words; empty when it can."""
    chapters = list(report.chapters.prefetch_related("claims"))
    facts = [
        workflow.ChapterFacts(
            title=c.goal_title,
            works_claims=sum(1 for x in c.claims.all() if x.section == Section.WORKS),
            not_yet_claims=sum(1 for x in c.claims.all() if x.section == Section.NOT_YET),
            nothing_works=c.nothing_works,
            nothing_fails=c.nothing_fails,
        )
        for c in chapters
    ]
    texts = {
        "no_chapters": _("The report has no chapters: the wijkaanpak has no goals yet."),
        "works_unanswered": _(
            "“%(goal)s”: say what works, or choose “nothing to report” explicitly."
        ),
        "not_yet_unanswered": _(
            "“%(goal)s”: say what does not work (yet), or choose “nothing to report” explicitly."
        ),
        "works_contradicts": _("“%(goal)s”: claims and “nothing to report” on what works."),
        "not_yet_contradicts": _(
            "“%(goal)s”: claims and “nothing to report” on what does not work (yet)."
        ),
    }
    return [str(texts[code]) % {"goal": title} for title, code in workflow.gaps(facts)]


@transaction.atomic
def move_report(*, report: Report, to: str, by: Any, note: str = "") -> Report:
    """Concept → under discussion → adopted, or back to the writers. Adopting checks
    that every chapter is answered and freezes what the report shows."""
    require(may(by, "compose", report))
    report = _locked(report)
    old = report.status
    if not workflow.allowed(old, to):
        raise ValidationError(
            _("A report cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Status(old).label, "new": Status(to).label if to in Status.values else to},
            code="transition",
        )
    if to == Status.REVIEW:
        _add_chapters(report)  # a goal added since the draft began gets its chapter
    if to == Status.ADOPTED:
        gaps = adoption_gaps(report)
        if gaps:
            raise ValidationError(gaps, code="incomplete")
        report.snapshot = content.to_json(compose(report))
        report.adopted_on = timezone.localdate()
    report.status = to
    report.save()
    _step(report, old, to, by, note.strip())
    record_audit_event(actor=by, action="report_moved", obj=report, old=old, new=to)
    return report


@transaction.atomic
def add_comment(*, report: Report, by: Any, text: str, chapter: Chapter | None = None) -> Comment:
    """A coalition partner's remark while the report is under discussion."""
    require(may(by, "comment", report))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > MAX_CLAIM_LENGTH:
        raise ValidationError(
            {"text": _("At most %(max)s characters.") % {"max": MAX_CLAIM_LENGTH}}
        )
    if chapter is not None and chapter.report_id != report.pk:
        raise ValidationError(_("That chapter belongs to another report."))
    comment = Comment.objects.create(
        report=report,
        chapter=chapter,
        text=text,
        author=acting_user(by),
        organisation=Organisation.objects.of_user(by).first() if acting_user(by) else None,
    )
    record_audit_event(
        actor=by, action="report_commented", obj=report, chapter_id=chapter.pk if chapter else None
    )
    return comment


@transaction.atomic
def correct_report(*, report: Report, reason: str, by: Any) -> Report:
    """A new version of an adopted report, as a draft with the old one's words, voices
    and chapters; the adopted version stays as it was, and the reason says why."""
    require(may(by, "compose", report))
    if report.status != Status.ADOPTED:
        raise ValidationError(_("Only an adopted report is corrected; a draft is just edited."))
    if report.corrections.exists():
        raise ValidationError(_("This version already has a correction: correct that one."))
    if not " ".join(str(reason or "").split()):
        raise ValidationError({"reason": _("Say why the report is corrected.")})
    reason = reason_text(reason)
    last = Report.objects.filter(approach=report.approach, period_start=report.period_start)
    new = Report.objects.create(
        approach=report.approach,
        title=report.title,
        period_start=report.period_start,
        period_end=report.period_end,
        version=max(last.values_list("version", flat=True)) + 1,
        corrects=report,
        correction_reason=reason,
        introduction=report.introduction,
        intentions=report.intentions,
        created_by=acting_user(by),
    )
    chapters = {}
    for c in report.chapters.prefetch_related("claims"):
        old_pk = c.pk
        claims = list(c.claims.all())
        c.pk, c.report = None, new
        c.save()
        chapters[old_pk] = c
        Claim.objects.bulk_create(
            Claim(chapter=c, section=x.section, text=x.text, kind=x.kind, order=x.order)
            for x in claims
        )
    Voice.objects.bulk_create(
        Voice(report=new, chapter=chapters.get(v.chapter_id), story_id=v.story_id, order=v.order)
        for v in report.voices.all()
    )
    _step(new, "", Status.CONCEPT, by, reason)
    record_audit_event(
        actor=by, action="report_correction_started", obj=new, corrects=report.pk, reason=reason
    )
    return new


@transaction.atomic
def remove_story_from_reports(*, story_id: int, by: Any) -> list[int]:
    """An erased or withdrawn story leaves every report that quotes it: a draft's voice
    goes, an adopted report's frozen text goes and a note says when. Returns the adopted
    reports changed. Called by the stories app's signal (``receivers.py``) as the system:
    the erasure was authorised there."""
    today = timezone.localdate().isoformat()
    # A draft or a report under discussion simply loses the voice: nothing is frozen yet.
    for voice in Voice.objects.filter(story_id=story_id).exclude(report__status=Status.ADOPTED):
        voice.delete()
        record_audit_event(
            actor=by, action="report_voice_removed", obj=voice.report, story_id=story_id
        )
    changed = []
    for report in Report.objects.select_for_update().filter(status=Status.ADOPTED):
        frozen = content.from_json(report.snapshot)
        if story_id not in frozen.voice_ids():
            continue
        report.snapshot = content.to_json(content.without_voice(frozen, story_id, today))
        report.save(update_fields=["snapshot", "updated_at"])
        changed.append(report.pk)
        record_audit_event(actor=by, action="report_voice_removed", obj=report, story_id=story_id)
    return changed
