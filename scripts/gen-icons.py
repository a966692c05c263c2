#!/usr/bin/env python3
"""Draws Meldpunt's app icons (a white map pin on blue) as PNG with the standard library only.

public/icons/icon-192.png and icon-512.png have rounded corners; maskable-512.png fills the
square and keeps the pin inside the central 80 % safe zone. Run again after changing the design.
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (0x0B, 0x53, 0x94)
WHITE = (255, 255, 255)


def inside_pin(x, y, cx, cy, r):
    """The pin: a circle of radius r at (cx, cy) with a point 1.75 r below, minus a hole."""
    d = math.hypot(x - cx, y - cy)
    if d <= r * 0.38:
        return False
    if d <= r:
        return True
    tip = cy + 1.75 * r
    if cy <= y <= tip:
        # Tangent lines from the tip to the circle bound the lower part.
        half = r * (tip - y) / (tip - cy) * 0.87
        return abs(x - cx) <= half
    return False


def inside_rounded(x, y, size, radius):
    if radius == 0:
        return True
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return math.hypot(x - cx, y - cy) <= radius


def draw(size, maskable):
    scale = 0.62 if maskable else 0.8
    r = size * 0.25 * scale
    cx, cy = size / 2, size / 2 - 0.38 * r
    radius = 0 if maskable else size * 0.22
    rows = []
    sub = 4
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            bg = pin = 0
            for sy in range(sub):
                for sx in range(sub):
                    x, y = px + (sx + 0.5) / sub, py + (sy + 0.5) / sub
                    if inside_rounded(x, y, size, radius):
                        bg += 1
                        if inside_pin(x, y, cx, cy, r):
                            pin += 1
            n = sub * sub
            a = bg / n
            w = pin / max(bg, 1)
            colour = [round(BLUE[i] * (1 - w) + WHITE[i] * w) for i in range(3)]
            row += bytes(colour + [round(a * 255)])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    (out / "icon-192.png").write_bytes(draw(192, False))
    (out / "icon-512.png").write_bytes(draw(512, False))
    (out / "maskable-512.png").write_bytes(draw(512, True))
