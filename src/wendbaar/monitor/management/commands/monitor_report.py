"""``wendbaar monitor_report GM…``: can this gemeente trust its monitor page?"""

from __future__ import annotations

from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.core.constants import Theme

from ...stored.report import MonitorReport, UnknownMunicipality, monitor_report

REASON_TEXT = {
    "too_few_inhabitants": gettext_lazy("too few inhabitants"),
    "too_few_households": gettext_lazy("too few households"),
    "mostly_non_residential": gettext_lazy("mostly non-residential"),
    "no_population_figure": gettext_lazy("no population figure"),
}


class Command(BaseCommand):
    help = (
        "Print how far the monitor can judge a gemeente: the areas it judges, per theme "
        "the share of areas with a position and the outcomes behind it, the top 10 of the "
        "urgency ranking, and the rank correlation with the Leefbaarometer where imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="+", help="Gemeente codes, e.g. GM0344.")
        parser.add_argument(
            "--no-leefbaarometer",
            action="store_true",
            help="Skip the Leefbaarometer check (it recomputes the analysis once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for code in options["codes"]:
            try:
                report = monitor_report(
                    code.upper(), with_leefbaarometer=not options["no_leefbaarometer"]
                )
            except UnknownMunicipality as error:
                raise CommandError(_("Unknown gemeente: %(code)s") % {"code": error}) from None
            except LookupError:
                raise CommandError(_("No analysis stored yet: import data first.")) from None
            write_report(report, self.stdout)


def write_report(report: MonitorReport, out: TextIO) -> None:
    """The report as text (also in ``make bench``'s output)."""

    def say(line: str = "") -> None:
        out.write(line + "\n")

    level_names = {"district": _("wijken"), "neighbourhood": _("buurten")}
    say(
        _("Monitor report %(name)s (%(code)s), data version %(version)s, period %(period)s")
        % {
            "name": report.name,
            "code": report.code,
            "version": report.data_version,
            "period": report.period or "-",
        }
    )
    say()
    say(_("Judged areas"))
    for count in report.levels:
        parts = ", ".join(
            f"{n} {REASON_TEXT.get(reason, reason)}" for reason, n in count.not_judged.items()
        )
        say(
            "  "
            + _("%(level)s: %(judged)s of %(areas)s judged")
            % {"level": level_names[count.level], "judged": count.judged, "areas": count.areas}
            + (f" ({_('not judged')}: {parts})" if parts else "")
        )
    say()
    say(_("Themes: judged areas with a position, and the outcomes it rests on"))
    for coverage in report.coverage:
        outcomes = report.outcomes.get(coverage.theme, [])
        inputs = ", ".join(
            _("%(areas)s on %(n)s") % {"areas": areas, "n": n}
            for n, areas in coverage.inputs.items()
        )
        say(
            f"  {level_names[coverage.level]:8} {Theme(coverage.theme).label!s:38} "
            f"{coverage.positioned:>4}/{coverage.judged:<4} {coverage.share:5.1f} %  "
            + (
                _("outcomes %(inputs)s") % {"inputs": inputs}
                if inputs
                else _("insufficient data (%(n)s outcome(s) with a figure here)")
                % {"n": len(outcomes)}
            )
        )
    thin = report.thin_themes
    say()
    if thin:
        say(_("Too thin to judge (fewer than half of the judged areas have a position):"))
        for coverage in thin:
            say(f"  {level_names[coverage.level]}: {Theme(coverage.theme).label}")
    else:
        say(_("Every theme has a position for at least half of the judged areas."))
    for level, rows in report.top.items():
        say()
        say(_("Urgency, top 10 %(level)s") % {"level": level_names[level]})
        if not rows:
            say("  " + _("no area has positions on enough themes"))
        for row in rows:
            population = f"{row.population:,.0f}" if row.population is not None else "-"
            reasons = ", ".join(report.indicator_names.get(c, c) for c in row.reasons)
            say(
                f"  {row.rank:>2}. {row.name[:40]:40} {population:>7} "
                + _("inh.")
                + f"  {row.score:5.1f}  {reasons}"
            )
    say()
    if report.leefbaarometer is None:
        say(_("Leefbaarometer: not imported for this gemeente."))
    elif report.leefbaarometer.rho is None:
        say(
            _("Leefbaarometer: too few buurten with both figures (%(n)s).")
            % {"n": report.leefbaarometer.n}
        )
    else:
        say(
            _(
                "Leefbaarometer %(period)s: Spearman rho %(rho).2f between the urgency "
                "(computed without Leefbaarometer inputs) and the Leefbaarometer score over "
                "%(n)s buurten; strongly negative means the urgency points where the "
                "Leefbaarometer sees the weakest liveability."
            )
            % {
                "period": report.leefbaarometer_period,
                "rho": report.leefbaarometer.rho,
                "n": report.leefbaarometer.n,
            }
        )
