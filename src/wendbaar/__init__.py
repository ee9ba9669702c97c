"""Wendbaar: the open platform for the Dutch wendbare wijkaanpak."""

__version__ = "0.1.0"
