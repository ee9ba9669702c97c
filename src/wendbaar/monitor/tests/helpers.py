"""Minimal test helpers (no dependency on other apps' factories)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from wendbaar.areas.codes import level_of, municipality_code
from wendbaar.areas.models import Area
from wendbaar.monitor.models import ImportRun, Observation

FILES = Path(__file__).parent / "files"


def cbs_dir() -> Path:
    return Path(settings.CBS_DATA_DIR)


def cbs_file(name: str) -> Path:
    return cbs_dir() / name


def make_areas(codes, *, year: int = 2024) -> int:
    """Create Areas for CBS codes (names = codes, no parents); skip existing codes."""
    existing = set(Area.objects.values_list("code", flat=True))
    new = [
        Area(
            code=code,
            name=code,
            level=level_of(code),
            municipality_code=municipality_code(code),
            first_year=year,
            last_year=year,
        )
        for code in sorted(set(codes))
        if code not in existing and not code.startswith("NL")
    ]
    Area.objects.bulk_create(new, batch_size=2000)
    return len(new)


def value(indicator: str, code: str, period: int) -> float | None:
    return Observation.objects.get(indicator__code=indicator, region_code=code, period=period).value


def observation(indicator: str, code: str, period: int) -> Observation:
    return Observation.objects.get(indicator__code=indicator, region_code=code, period=period)


def snapshot() -> tuple:
    """Everything an import may change, to assert that a failed import changed nothing."""
    from wendbaar.monitor.models import Indicator

    return (
        sorted(
            Observation.objects.values_list(
                "indicator__code", "region_code", "period", "value", "status", "import_run_id"
            )
        ),
        sorted(ImportRun.objects.values_list("id", "status", "data_version")),
        sorted(Indicator.objects.values_list("code", "name_en")),
    )
