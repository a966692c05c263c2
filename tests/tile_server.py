#!/usr/bin/env python3
"""A map tile server for the tests: answers every /{z}/{x}/{y}.png with a real 256x256 PNG (a
pale map ground with white streets), so pages with a map load it as they would in production and
no tile error counts against them. Prints the port it listens on. Usage: tile_server.py [PORT]"""
import http.server
import re
import struct
import sys
import zlib

SIZE = 256
GROUND = bytes((0xF2, 0xEF, 0xE9))
STREET = bytes((0xFF, 0xFF, 0xFF))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def tile_png():
    """An 8-bit RGB PNG: streets every 64 pixels, 6 pixels wide."""
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        street_row = y % 64 < 6
        for x in range(SIZE):
            rows += STREET if street_row or x % 64 < 6 else GROUND
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


TILE = tile_png()
TILE_PATH = re.compile(r"^/\d{1,2}/\d{1,7}/\d{1,7}\.png$")


class Tiles(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if not TILE_PATH.match(self.path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Tiles)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
