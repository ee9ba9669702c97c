"""The stored analysis: computed once per data version, read by every page.

``inputs`` reads the database into the analysis contract's frames, ``recompute`` runs
:func:`wendbaar.monitor.analysis.compute_all` and prepares the frames pages read, and
``store`` keeps them as Parquet under ``MONITOR_ANALYSIS_DIR`` (one folder per data
version, cached in memory). The ``recompute_analysis`` task and ``load_demo`` call
``recompute.compute_analysis``; pages find the result through
``monitor.selectors.current_analysis``.
"""
