"""Signed messages between two servers (agency to agency, issue 13 item 2).

A message is a JSON body signed with HMAC-SHA256 over its exact bytes with the
secret shared by the two partner agencies; the signature travels in the
``X-Surat-Signature`` header (``sha256=<hex>``). The body carries its own
timestamp, so a message signed once cannot be replayed outside the window
(and inside it, the receiver is idempotent).
"""

import hashlib
import hmac
import json
import time

SIGNATURE_HEADER = "X-Surat-Signature"
# how far a message's timestamp may be from the receiver's clock
WINDOW_SECONDS = 300
MAX_BODY = 60 * 1024 * 1024


def sign(secret, body):
    """The header value for ``body`` (bytes) signed with ``secret`` (str)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def verify(secret, body, signature):
    """True when ``signature`` is ``body``'s with ``secret`` (constant time)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(secret, body), signature)


def pack(payload, secret):
    """(body bytes, headers) of ``payload`` with its timestamp, signed."""
    payload = dict(payload, timestamp=int(time.time()))
    body = json.dumps(payload, sort_keys=True).encode()
    return body, {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)}


def parse(body):
    """The payload dict of a body, or None when it is not a JSON object."""
    if not body or len(body) > MAX_BODY:
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def fresh(payload, now=None):
    """True when the payload's timestamp is within the window."""
    stamp = payload.get("timestamp")
    if not isinstance(stamp, int) or isinstance(stamp, bool):
        return False
    return abs((now or time.time()) - stamp) <= WINDOW_SECONDS
