#!/usr/bin/env python3
"""Compares the documents of two SQLite cache stores by key and contentHash.

Usage: compare-stores.py EXPECTED.db ACTUAL.db
Prints how many documents each holds and, when they differ, the first keys that are missing,
extra or hashed differently; exits 0 when both hold the same keys with the same hashes, 1 if not.
"""
import sqlite3
import sys


def documents(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT key, content_hash FROM cache_documents"))


def main(expected_path, actual_path):
    expected, actual = documents(expected_path), documents(actual_path)
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    print(f"{len(expected)} documents expected, {len(actual)} found: "
          f"{len(missing)} missing, {len(extra)} extra, {len(changed)} with another contentHash")
    for label, keys in (("missing", missing), ("extra", extra), ("changed", changed)):
        for key in keys[:5]:
            print(f"  {label}: {key}")
    return 0 if expected and not (missing or extra or changed) else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
