"""Signals of the core app, for the apps above it (which may listen, never be imported)."""

from django.dispatch import Signal

#: Sent by ``wendbaar restore`` after the database and media are back; apps that keep
#: derived files (the monitor's stored analysis) rebuild what is missing.
database_restored = Signal()
