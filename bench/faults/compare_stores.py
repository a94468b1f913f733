#!/usr/bin/env python3
"""Compares the cache documents in a Firestore (emulator) collection with those of a SQLite store.

  compare_stores.py HOST:PORT PROJECT COLLECTION SQLITE_FILE

Equal means: the same keys, and for each key the same contentHash and the same payload (parsed
JSON). runId, computedAt and expiresAt differ between runs by design and are not compared.
Prints one line; exits 0 when equal, 1 when not.
"""
import json
import sqlite3
import sys
import urllib.parse
import urllib.request


def firestore_documents(host, project, collection):
    base = (f"http://{host}/v1/projects/{project}/databases/(default)/documents/"
            f"{collection}?pageSize=1000")
    token, found = None, {}
    while True:
        url = base + (f"&pageToken={urllib.parse.quote(token)}" if token else "")
        with urllib.request.urlopen(url, timeout=60) as response:
            page = json.load(response)
        for doc in page.get("documents", []):
            fields = doc["fields"]
            key = fields["key"]["stringValue"]
            found[key] = (fields["contentHash"]["stringValue"],
                          json.loads(fields["payload"]["stringValue"]))
        token = page.get("nextPageToken")
        if not token:
            return found


def sqlite_documents(path):
    found = {}
    with sqlite3.connect(path) as db:
        for key, content_hash, document in db.execute(
                "SELECT key, content_hash, document FROM cache_documents"):
            found[key] = (content_hash, json.loads(document)["payload"])
    return found


def main():
    host, project, collection, sqlite_file = sys.argv[1:5]
    firestore = firestore_documents(host, project, collection)
    reference = sqlite_documents(sqlite_file)
    missing = sorted(set(reference) - set(firestore))
    extra = sorted(set(firestore) - set(reference))
    differing = sorted(k for k in set(reference) & set(firestore) if reference[k] != firestore[k])
    equal = not missing and not extra and not differing
    print(f"{'equal' if equal else 'DIFFERENT'}: {len(firestore)} documents in Firestore,"
          f" {len(reference)} in the reference; missing {len(missing)}, extra {len(extra)},"
          f" differing {len(differing)}"
          + (f" (e.g. {(missing + extra + differing)[0]})" if not equal else ""))
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()
