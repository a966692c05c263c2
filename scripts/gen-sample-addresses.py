#!/usr/bin/env python3
"""Generates sample-data/addresses-sint-truiden.csv: a small, made-up address register in the shape
of Flanders' open address data (street, house number, postcode, municipality, WGS84 position),
for the demo and the tests. Real street names of Sint-Truiden; house positions are invented."""
import math, random, sys

STREETS = [
    ("Grote Markt", 50.8166, 5.1866),
    ("Stationsstraat", 50.8190, 5.1900),
    ("Tiensestraat", 50.8143, 5.1790),
    ("Luikerstraat", 50.8118, 5.1920),
    ("Diestsestraat", 50.8210, 5.1810),
    ("Hasseltsestraat", 50.8225, 5.1880),
    ("Naamsestraat", 50.8110, 5.1850),
    ("Stapelstraat", 50.8200, 5.1855),
    ("Plankstraat", 50.8150, 5.1890),
    ("Minderbroedersstraat", 50.8175, 5.1880),
    ("Abdijstraat", 50.8180, 5.1845),
    ("Schepen Dejonghstraat", 50.8130, 5.1900),
    ("Houtmarkt", 50.8160, 5.1905),
    ("Kazernestraat", 50.8100, 5.1940),
    ("Tongersesteenweg", 50.8070, 5.2050),
    ("Luikersteenweg", 50.8000, 5.2000),
    ("Hasseltsesteenweg", 50.8320, 5.1950),
    ("Tiensesteenweg", 50.8080, 5.1600),
    ("Diestersteenweg", 50.8300, 5.1700),
    ("Sint-Jansstraat", 50.8140, 5.1830),
    ("Zoutstraat", 50.8198, 5.1830),
    ("Beekstraat", 50.8120, 5.1810),
    ("Clockemstraat", 50.8085, 5.1870),
    ("Kortenbosstraat", 50.8260, 5.1650),
    ("Montenakenweg", 50.8020, 5.1780),
    ("Speelhof", 50.8240, 5.1780),
    ("Veemarkt", 50.8185, 5.1920),
    ("Gazometerstraat", 50.8240, 5.1930),
    ("Tichelrijlaan", 50.8270, 5.1860),
    ("Guvelingenstraat", 50.8140, 5.1950),
    ("Kanunnik Darisstraat", 50.8125, 5.1875),
    ("Brustemsesteenweg", 50.8230, 5.2150),
    ("Zerkingen", 50.8295, 5.1900),
    ("Terbiest", 50.8180, 5.1720),
    ("Melveren-Centrum", 50.8380, 5.1720),
    ("Brustem-Dorp", 50.8060, 5.2200),
]

def main(out):
    rng = random.Random(3800)
    rows = []
    for name, lat, lon in STREETS:
        heading = rng.uniform(0, math.pi)
        count = rng.randint(12, 60)
        for n in range(1, count + 1):
            along = (n / count - 0.5) * 300  # metres along the street
            side = 8 if n % 2 else -8
            dy = along * math.sin(heading) + side * math.cos(heading)
            dx = along * math.cos(heading) - side * math.sin(heading)
            rows.append((name, str(n), '3800', 'Sint-Truiden',
                         round(lat + dy / 111320, 6), round(lon + dx / (111320 * math.cos(math.radians(lat))), 6)))
    out.write('straatnaam;huisnummer;postcode;gemeentenaam;lat;lon\n')
    for r in rows:
        out.write(';'.join(str(v) for v in r) + '\n')


if __name__ == '__main__':
    with open(sys.argv[1] if len(sys.argv) > 1 else 'sample-data/addresses-sint-truiden.csv', 'w', encoding='utf-8') as f:
        main(f)
