// node --test: how validate.mjs routes documents before validating them. Run where `npm ci` has
// installed Ajv (scripts/test.sh does both).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { schemaVersions, skipReason } from "./validate.mjs";

const SCRIPT = fileURLToPath(new URL("./validate.mjs", import.meta.url));
const TOKENS = {
  key: "user:ana:tokens", type: "user_tokens", schemaVersion: 1, job: "user-stats",
  runId: "r1", asOf: "2026-11-23T00:00:00Z", computedAt: "2026-12-07T10:09:50Z",
  expiresAt: "2026-12-07T11:09:50Z",
  contentHash: "sha256:a811362defde96b758fd2380919074268de5d662485e83542888a931b0c7d6c3",
  payload: { balance: 0, purchased: 0, refunded: 0, spent: 0, uid: "ana" },
};

function validate(documents, ...flags) {
  const file = join(mkdtempSync(join(tmpdir(), "validate-")), "documents.ndjson");
  writeFileSync(file, documents.map((document) => JSON.stringify(document)).join("\n") + "\n");
  const run = spawnSync(process.execPath, [SCRIPT, ...flags, file], { encoding: "utf8" });
  return { code: run.status, out: run.stdout + run.stderr };
}

test("a reader skips a known type at another schemaVersion, as an unknown type", () => {
  const versions = schemaVersions();
  assert.equal(versions.get("user_tokens"), 1);
  assert.equal(skipReason(TOKENS, versions), null);
  assert.equal(skipReason({ ...TOKENS, schemaVersion: 2 }, versions), "user_tokens v2");
  assert.equal(skipReason({ ...TOKENS, type: "user_badges" }, versions), "type user_badges");
  // Not a version at all: validated, and so reported.
  assert.equal(skipReason({ ...TOKENS, schemaVersion: "2" }, versions), null);
  assert.equal(skipReason({ ...TOKENS, type: 7 }, versions), null);
});

test("a newer writer's documents are skipped and counted, not reported invalid", () => {
  const mixed = [TOKENS, { ...TOKENS, key: "user:bo:tokens", schemaVersion: 2, payload: {} }];
  const skipped = validate(mixed);
  assert.equal(skipped.code, 0, skipped.out);
  assert.match(skipped.out, /1 skipped, of types or versions these schemas do not describe \(user_tokens v2: 1\)/);
  assert.match(skipped.out, /all valid/);

  const refused = validate(mixed, "--fail-on-unknown-types");
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.out, /1 refused/);

  const onlyNewer = validate([mixed[1]]);
  assert.equal(onlyNewer.code, 1, onlyNewer.out);
  assert.match(onlyNewer.out, /no documents checked: all 1 are of types or versions/);
});

test("a version that is not a whole number is invalid", () => {
  const result = validate([{ ...TOKENS, schemaVersion: "1" }]);
  assert.equal(result.code, 1, result.out);
  assert.match(result.out, /1 invalid/);
});
