"""Signals of the stories app, for the apps above it (which may listen, never be imported)."""

from django.dispatch import Signal

#: Sent inside the transaction that deletes, anonymises or withdraws a story
#: (``story_id``): what other apps froze of it (an adopted report's quotes) goes in the
#: same transaction, so an erasure never half-happens.
story_removed = Signal()
