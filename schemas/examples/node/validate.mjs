// Validates cache documents (one JSON envelope per line) against the v1 JSON Schemas, as a
// TypeScript or JavaScript backend would: it routes on `type` and `schemaVersion` first, then
// checks the envelope against envelope.json and the payload against {type}.json. A document of a
// type these schemas do not know, or of a known type at another schemaVersion (from a newer
// writer, mid-rollout), is skipped and counted, as the README asks of readers, unless
// --fail-on-unknown-types (for a store written by the same version as the schemas). Exit 0 when
// every document checked is valid, 1 when one is not (or one was skipped, with the flag), 2 on
// bad input. A file with no document of a known type and version fails (1): nothing was checked.
//
//   sqlite3 out/cache.db "select document from cache_documents" | node validate.mjs -
//   node validate.mjs [--fail-on-unknown-types] documents.ndjson
import { createReadStream, existsSync, readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
// The ".js" matters under native ES modules; the default "ajv" export is draft-07 and cannot
// load draft 2020-12 schemas.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const SCHEMAS = fileURLToPath(new URL("../../json/v1/", import.meta.url));
const BASE = "https://avalo.app/schemas/precompute/v1/";

/** The document types the schemas in {@code schemaDir} describe, from their index.json. */
export function knownTypes(schemaDir = SCHEMAS) {
  return new Set(schemaVersions(schemaDir).keys());
}

/** Each document type the schemas in {@code schemaDir} describe, with its schemaVersion. */
export function schemaVersions(schemaDir = SCHEMAS) {
  const types = JSON.parse(readFileSync(schemaDir + "index.json", "utf8")).types;
  return new Map(Object.entries(types).map(([type, entry]) => [type, entry.schemaVersion]));
}

/**
 * Why a reader should skip {@code document} rather than validate it: a type the schemas do not
 * know ("type X"), or a known type at a schemaVersion they do not describe ("X v2"); null when it
 * is to be validated. A missing or malformed type or version is validated, and so reported.
 */
export function skipReason(document, versions) {
  if (typeof document?.type !== "string") return null;
  if (!versions.has(document.type)) return `type ${document.type}`;
  const version = document.schemaVersion;
  return Number.isInteger(version) && version !== versions.get(document.type)
    ? `${document.type} v${version}` : null;
}

export function documentValidator(schemaDir = SCHEMAS) {
  // strict: false because the schemas use pattern/if-then without "type" where a field may be
  // absent; strict mode would only log warnings about it.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // Without ajv-formats, and with strict off, Ajv logs 'unknown format "date-time" ignored' and
  // then accepts any string as a date-time.
  addFormats(ajv);
  for (const file of readdirSync(schemaDir)) {
    if (file.endsWith(".json") && file !== "index.json") { // index.json is data, not a schema
      ajv.addSchema(JSON.parse(readFileSync(schemaDir + file, "utf8")));
    }
  }
  const envelope = ajv.getSchema(BASE + "envelope.json");
  return (document) => {
    if (!envelope(document)) {
      return ajv.errorsText(envelope.errors, { separator: "; " });
    }
    const payload = ajv.getSchema(BASE + document.type + ".json");
    if (!payload(document.payload)) {
      return "payload: " + ajv.errorsText(payload.errors, { separator: "; " });
    }
    return null; // the envelope's enum of types guarantees a payload schema exists
  };
}

async function main(args) {
  const failOnUnknown = args.includes("--fail-on-unknown-types");
  const sources = args.filter((arg) => arg !== "--fail-on-unknown-types");
  const source = sources[0];
  if (sources.length !== 1 || (source.startsWith("--") && source !== "-")) {
    console.error("usage: node validate.mjs [--fail-on-unknown-types] FILE.ndjson | -"
      + "   (one cache document per line)");
    return 2;
  }
  if (source !== "-" && !existsSync(source)) {
    console.error(`no such file: ${source}`);
    return 2;
  }
  const validate = documentValidator();
  const versions = schemaVersions();
  const skippedByReason = {};
  const input = source === "-" ? process.stdin : createReadStream(source);
  const counts = {};
  let invalid = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (!line.trim()) continue;
    let document;
    try {
      document = JSON.parse(line);
    } catch (e) {
      console.error(`line ${lineNumber}: not JSON: ${e.message}`);
      return 2;
    }
    const skip = skipReason(document, versions);
    if (skip) {
      skippedByReason[skip] = (skippedByReason[skip] ?? 0) + 1;
      continue;
    }
    const type = typeof document?.type === "string" ? document.type : "(no type)";
    const count = (counts[type] ??= { checked: 0, invalid: 0 });
    count.checked++;
    const problem = validate(document);
    if (problem) {
      count.invalid++;
      invalid++;
      if (invalid <= 20) console.log(`invalid ${document?.key ?? `line ${lineNumber}`}: ${problem}`);
    }
  }
  const skipped = Object.values(skippedByReason).reduce((sum, n) => sum + n, 0);
  if (Object.keys(counts).length === 0) {
    // An empty store, or one where every type is unknown (a misspelt type, another file), passes
    // nothing.
    console.error(skipped === 0 ? "no documents to check: the input is empty"
      : `no documents checked: all ${skipped} are of types or versions these schemas do not`
        + ` describe (${Object.keys(skippedByReason).sort().join(", ")})`);
    return skipped === 0 ? 2 : 1;
  }
  for (const [type, count] of Object.entries(counts).sort()) {
    console.log(`${type.padEnd(12)} ${String(count.checked).padStart(8)} checked ${count.invalid} invalid`);
  }
  if (skipped > 0) {
    const reasons = Object.entries(skippedByReason).sort().map(([why, n]) => `${why}: ${n}`)
      .join(", ");
    console.log(`${skipped} ${failOnUnknown ? "refused" : "skipped"}, of types or versions these`
      + ` schemas do not describe (${reasons})` + (failOnUnknown ? "" : ": a newer writer's, or misrouted"));
  }
  console.log(invalid > 0 ? `${invalid} invalid`
    : failOnUnknown && skipped > 0 ? "all known types valid; other types and versions refused"
      : "all valid");
  return invalid > 0 || (failOnUnknown && skipped > 0) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
