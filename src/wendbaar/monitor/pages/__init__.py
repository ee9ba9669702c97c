"""Page building: turns the stored analysis into what a page, an export or a map shows.

``present`` (numbers, statuses and provenance as words), ``profile`` (one area),
``overview`` (a gemeente: urgency and early warnings), ``peers`` (reference group and
comparison), ``choropleth`` and ``maps`` (the map and its legend), ``indicator`` (one
indicator's page) and ``exports`` (CSV/XLSX/GeoJSON of the same). Everything here reads a
:class:`~wendbaar.monitor.stored.store.StoredAnalysis` and never queries observations or
computes statistics; the views in ``monitor/views.py`` compose them.
"""
