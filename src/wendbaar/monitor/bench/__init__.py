"""The benchmark behind ``wendbaar bench`` (``make bench``): synthetic files of a chosen
size, imported and analysed with timings (docs/performance.md)."""
