"""From source files to observations.

``sources`` has one parser per source (CBS kerncijfers, police, RIVM, Leefbaarometer,
proximity, the municipal template): they read and validate, never write. ``writer`` is
the one observation writer (a diff, written in bulk), with the calculated indicators;
``derive`` sums a wijk's additive counts from its buurten, column-wise. The use cases
that drive them (transaction, import run, data version, task) are in
``monitor/services.py``.
"""

from .sources import PARSERS, ImportFileError

__all__ = ["PARSERS", "ImportFileError"]
