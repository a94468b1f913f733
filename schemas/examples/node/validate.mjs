// Validates cache documents (one JSON envelope per line) against the v1 JSON Schemas, as a
// TypeScript or JavaScript backend would: the envelope against envelope.json, then the payload
// against {type}.json. Exit 0 when every document is valid, 1 when one is not, 2 on bad input.
//
//   sqlite3 out/cache.db "select document from cache_documents" | node validate.mjs -
//   node validate.mjs documents.ndjson
import { createReadStream, existsSync, readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
// The ".js" matters under native ES modules; the default "ajv" export is draft-07 and cannot
// load draft 2020-12 schemas.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const SCHEMAS = fileURLToPath(new URL("../../json/v1/", import.meta.url));
const BASE = "https://avalo.app/schemas/precompute/v1/";

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

async function main(source) {
  if (!source) {
    console.error("usage: node validate.mjs FILE.ndjson | -   (one cache document per line)");
    return 2;
  }
  if (source !== "-" && !existsSync(source)) {
    console.error(`no such file: ${source}`);
    return 2;
  }
  const validate = documentValidator();
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
  if (Object.keys(counts).length === 0) {
    console.error("no documents to check: the input is empty"); // an empty store passes nothing
    return 2;
  }
  for (const [type, count] of Object.entries(counts).sort()) {
    console.log(`${type.padEnd(12)} ${String(count.checked).padStart(8)} checked ${count.invalid} invalid`);
  }
  console.log(invalid === 0 ? "all valid" : `${invalid} invalid`);
  return invalid === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv[2]);
}
