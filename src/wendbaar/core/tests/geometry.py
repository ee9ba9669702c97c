"""Geometries for tests of maps and area pages."""


def square(x: float, y: float, size: float = 500.0) -> dict:
    """A GeoJSON polygon: a square with its south-west corner at (x, y), in RD metres."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}
