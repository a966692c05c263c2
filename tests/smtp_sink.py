#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd): stores every message it receives as an .eml
file in DIR and prints the port it listens on. Usage: smtp_sink.py DIR [PORT]"""
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, f"{self.count:05d}.eml")
        with open(name + ".tmp", "wb") as f:
            f.write(b"X-Rcpt-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode())
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


async def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(directory, exist_ok=True)
    handler = Store(directory)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", port)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
