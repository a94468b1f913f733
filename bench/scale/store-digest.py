#!/usr/bin/env python3
"""Prints a SQLite cache store's document count and one SHA-256 over every (key, contentHash).

    bench/scale/store-digest.py bench/scale/out/cache-100000-all.db

Two runs wrote the same documents when the two lines are equal: the A/B checks in
bench/scale/RESULTS.md compare builds this way. Reads the table in one scan (a big store read in
key order through its index is many times slower) and sorts in memory: ~3 GB for 12M keys.
"""
import hashlib
import sqlite3
import sys

if len(sys.argv) != 2:
    sys.exit(__doc__)
store = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
pairs = sorted(store.execute("SELECT key, content_hash FROM cache_documents"))
digest = hashlib.sha256()
for key, content_hash in pairs:
    digest.update(f"{key}\t{content_hash}\n".encode())
print(len(pairs), digest.hexdigest())
