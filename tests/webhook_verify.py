"""Checks webhook deliveries with the Standard Webhooks reference library (PyPI
`standardwebhooks`), independently of Meldpunt's own signing code.

Reads a JSON list of {"secret", "headers", "body"} on stdin; prints one line per delivery:
"ok" or "bad: <reason>". Exits 0 when it could check them all.
"""

import json
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

for d in json.load(sys.stdin):
    try:
        Webhook(d["secret"]).verify(d["body"], d["headers"])
        print("ok")
    except WebhookVerificationError as e:
        print(f"bad: {e}")
