#!/usr/bin/env python3
"""Generates sample-data/districts-sint-truiden.geojson: made-up areas for the sixteen
deelgemeenten of Sint-Truiden, for the demo and the tests. Each is the part of the demo's
service area nearer to that village's approximate centre than to any other (a Voronoi cell,
clipped to the box), so together they cover the area without gaps or overlaps. Real names;
the borders are invented, not the official ones."""
import json, math, sys

# (code, name, lat, lon): approximate village centres.
SITES = [
    ("sint-truiden", "Sint-Truiden", 50.8166, 5.1866),
    ("brustem", "Brustem", 50.8020, 5.2250),
    ("zepperen", "Zepperen", 50.7960, 5.2600),
    ("aalst", "Aalst", 50.7790, 5.2070),
    ("halmaal", "Halmaal", 50.7960, 5.2030),
    ("ordingen", "Ordingen", 50.8090, 5.2520),
    ("groot-gelmen", "Groot-Gelmen", 50.7810, 5.2420),
    ("engelmanshoven", "Engelmanshoven", 50.7700, 5.2560),
    ("gelinden", "Gelinden", 50.7600, 5.2700),
    ("kerkom", "Kerkom", 50.7770, 5.1620),
    ("velm", "Velm", 50.7770, 5.1270),
    ("wilderen", "Wilderen", 50.8060, 5.1430),
    ("gorsem", "Gorsem", 50.8290, 5.1600),
    ("runkelen", "Runkelen", 50.8460, 5.1430),
    ("duras", "Duras", 50.8250, 5.1300),
    ("melveren", "Melveren", 50.8390, 5.1920),
]
# The demo's service area (app/src/area.rs, DEMO_AREA): west, south, east, north.
WEST, SOUTH, EAST, NORTH = 5.05, 50.72, 5.35, 50.90
# Distances on the ground: a degree of longitude is shorter than one of latitude here.
KX = math.cos(math.radians(50.8))


def clip(polygon, a, b):
    """The part of `polygon` ((lon, lat) pairs) nearer to site a than to site b."""
    (ax, ay), (bx, by) = (a[0] * KX, a[1]), (b[0] * KX, b[1])
    def side(p):
        x, y = p[0] * KX, p[1]
        return (x - ax) ** 2 + (y - ay) ** 2 - (x - bx) ** 2 - (y - by) ** 2
    out = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0) != (sq < 0) and sp != sq:
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def main():
    features = []
    for code, name, lat, lon in SITES:
        cell = [(WEST, SOUTH), (EAST, SOUTH), (EAST, NORTH), (WEST, NORTH)]
        for _, _, olat, olon in SITES:
            if (olat, olon) != (lat, lon):
                cell = clip(cell, (lon, lat), (olon, olat))
        ring = [[round(x, 6), round(y, 6)] for x, y in cell]
        ring.append(ring[0])
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
