"""Production: everything comes from the environment (see docs/configuration.md)."""

from .base import *  # noqa: F403
