"""The map of Indonesia as inline SVG, drawn from static/geo/provinces.geojson.

Longitude and latitude are projected equirectangularly (adequate near the equator) and
simplified to whole SVG units; the result is computed once per process, since the shapes never
change while the site runs. No tile server, no script: every province is a link.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

GEOJSON = Path(settings.BASE_DIR) / "static" / "geo" / "provinces.geojson"
SCALE = 20  # SVG units per degree
WEST, EAST, NORTH, SOUTH = 94.5, 141.5, 6.5, -11.5
# Rings smaller than this (in square SVG units) are islets invisible at this scale.
MIN_RING_AREA = 1.5


def _project(lon: float, lat: float) -> tuple[float, float]:
    return round((lon - WEST) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def _ring_path(ring: list) -> str | None:
    points = []
    for lon, lat in ring:
        point = _project(lon, lat)
        if not points or abs(point[0] - points[-1][0]) + abs(point[1] - points[-1][1]) >= 1.2:
            points.append(point)
    if len(points) < 3:
        return None
    area = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        area += x1 * y2 - x2 * y1
    if abs(area) / 2 < MIN_RING_AREA:
        return None
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"


@lru_cache(maxsize=1)
def province_shapes() -> tuple[dict, ...]:
    """(code, name, SVG path) of every province, projected and simplified once."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        parts = [_ring_path(polygon[0]) for polygon in polygons]
        path = "".join(part for part in parts if part)
        if not path:  # keep the province clickable even if every ring is tiny
            path = _ring_path_unfiltered(polygons)
        shapes.append(
            {
                "code": feature["properties"]["code"],
                "name": feature["properties"]["name"],
                "path": path,
            }
        )
    return tuple(shapes)


def _ring_path_unfiltered(polygons) -> str:
    largest = max((polygon[0] for polygon in polygons), key=len)
    return "M" + "L".join("{:g},{:g}".format(*_project(lon, lat)) for lon, lat in largest) + "Z"


VIEWBOX = f"0 0 {(EAST - WEST) * SCALE:g} {(NORTH - SOUTH) * SCALE:g}"


def shade_class(value: int, maximum: int) -> int:
    """One of five shades (0 = none) on a square-root scale, so small counts stay visible."""
    if value <= 0 or maximum <= 0:
        return 0
    return min(4, 1 + int(3 * (value / maximum) ** 0.5 + 1e-9))


def map_provinces(counts: dict[str, int], hub_codes: set[str]) -> list[dict]:
    """Shapes with their count, shade and whether the province is a hub."""
    maximum = max(counts.values(), default=0)
    return [
        {
            **shape,
            "count": counts.get(shape["code"], 0),
            "shade": shade_class(counts.get(shape["code"], 0), maximum),
            "is_hub": shape["code"] in hub_codes,
        }
        for shape in province_shapes()
    ]
