"""How the portal stores the keys it hands to other systems (API tokens, Open311 keys): only a hash.

A leaked database then leaks no working key; the key itself is shown once, when it is issued.
SHA-256 without salt is enough here: the keys are long random strings, not passwords.
"""

import hashlib


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
