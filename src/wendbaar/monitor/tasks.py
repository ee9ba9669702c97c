"""Background tasks of the monitor (Django Tasks API; thin wrappers around services)."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_analysis(data_version: int) -> dict:
    """Recompute and store the analysis after new data (enqueued on commit of an import).

    Idempotent: keyed on ``data_version``; a version older than the current one is
    skipped because a later run will (or did) compute the newer data.
    """
    from .models import ImportRun
    from .stored.recompute import compute_analysis

    current = ImportRun.objects.current_data_version()
    if data_version < current:
        return {"data_version": data_version, "computed": False, "reason": "outdated"}
    stored = compute_analysis(data_version=data_version)
    if stored is None:
        return {"data_version": data_version, "computed": False, "reason": "no data"}
    return {
        "data_version": data_version,
        "computed": True,
        "seconds": round(stored.meta.get("timings", {}).get("total", 0.0), 3),
    }
