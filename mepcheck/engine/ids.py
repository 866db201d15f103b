"""Engine ids for facts. durable-rules identifies a fact by the FNV-1 32-bit -1a hash
of its id and compares only the hash (measured: ``school-152728`` and
``school-1060882`` collide), so distinct ids can collide; we make the
hashes unique within a batch."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1 << 16)
def fnv1a_32(text: str) -> int:
    """FNV-1a 32-bit hash of the UTF-8 bytes, as durable-rules keys its facts."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x01000193) % (1 << 32)
    return value


def assign_ids(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copy the facts with ids whose FNV-1 32 hashes are unique in the batch."""
    seen: set[int] = set()
    out = []
    for index, fact in enumerate(facts):
        ident = str(fact.get("id") or f"f{index}")
        candidate, suffix = ident, 0
        while fnv1a_32(candidate) in seen:
            suffix += 1
            candidate = f"{ident}~{suffix}"
        seen.add(fnv1a_32(candidate))
        # a fact whose id is already right is passed on as it is (never changed in place)
        out.append(fact if fact.get("id") == candidate else {**fact, "id": candidate})
    return out
