package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * {@code index.json} and the type-dependent parts of {@code envelope.json} are generated from the
 * {@link DocumentType} entries, so a new type needs no hand edit of either. This test fails when a
 * file differs from what the entries generate; regenerate both with
 * {@code mvn -B -q -pl schemas test -Dtest=GeneratedSchemaFilesTest -Dschemas.regenerate=true}.
 */
public class GeneratedSchemaFilesTest {
  private static final Path DIR = Path.of("json", "v1");
  private static final String REGENERATE = "schemas.regenerate";

  @Test
  public void indexIsWhatTheRegistrySays() throws IOException {
    checkOrWrite("index.json", index());
  }

  @Test
  public void envelopeDispatchesEveryTypeTheRegistryHas() throws IOException {
    checkOrWrite("envelope.json", envelope((ObjectNode) read("envelope.json")));
  }

  static ObjectNode index() {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("description", "For non-Java readers: every document type at schema version "
        + DocumentType.CURRENT_SCHEMA_VERSION + ", generated from DocumentType (do not edit by"
        + " hand): its payload schema, key forms and pattern, in-memory TTL, default freshness of"
        + " one-off runs, who may read it over HTTP and its typed route. Patterns are ECMA-262 and"
        + " anchored; match the whole key (keys never contain line terminators). keyPattern matches"
        + " every valid key; types.{type}.keyPattern tells which type a key addresses.");
    index.put("schemaVersion", DocumentType.CURRENT_SCHEMA_VERSION);
    index.put("baseUri", DocumentValidator.BASE_URI);
    index.put("envelope", "envelope.json");
    index.put("common", "common.json");
    index.put("keyMaxLength", CacheKey.MAX_LENGTH);
    index.put("keyPattern", anyKeyPattern());
    ObjectNode types = index.putObject("types");
    for (DocumentType type : DocumentType.values()) {
      ObjectNode entry = types.putObject(type.typeName());
      entry.put("schema", type.schemaFile());
      entry.put("schemaVersion", type.schemaVersion());
      entry.put("keyForm", String.join(", ", type.keyTemplates().stream().map(KeyTemplate::form).toList()));
      entry.put("keyPattern", keyPattern(type));
      entry.put("memoryTtlSeconds", type.defaultMemoryTtl().toSeconds());
      entry.put("defaultFreshnessSeconds", type.defaultFreshness().toSeconds());
      entry.put("readers", type.readers().name());
      type.route().ifPresent(route -> entry.put("route", route));
    }
    return index;
  }

  /** The envelope with its type list, per-type branches and key pattern replaced. */
  static ObjectNode envelope(ObjectNode envelope) {
    ArrayNode names = ((ObjectNode) envelope.at("/properties/type")).putArray("enum");
    Arrays.stream(DocumentType.values()).forEach(type -> names.add(type.typeName()));
    ArrayNode branches = envelope.putArray("allOf");
    for (DocumentType type : DocumentType.values()) {
      ObjectNode branch = branches.addObject();
      ObjectNode condition = branch.putObject("if");
      condition.putObject("properties").putObject("type").put("const", type.typeName());
      condition.putArray("required").add("type");
      ObjectNode then = branch.putObject("then").putObject("properties");
      then.putObject("key").put("pattern", keyPattern(type)).put("description",
          String.join(", ", type.keyTemplates().stream().map(KeyTemplate::form).toList()));
      then.putObject("schemaVersion").put("const", type.schemaVersion());
      then.putObject("payload").put("$ref", type.schemaFile());
    }
    ((ObjectNode) envelope.at("/$defs/key")).put("pattern", anyKeyPattern());
    return envelope;
  }

  private static String keyPattern(DocumentType type) {
    List<KeyTemplate> forms = type.keyTemplates();
    return forms.size() == 1 ? forms.get(0).pattern()
        : "^(" + String.join("|", forms.stream().map(KeyTemplate::unanchoredPattern).toList()) + ")$";
  }

  private static String anyKeyPattern() {
    return "^(" + String.join("|", Arrays.stream(DocumentType.values())
        .flatMap(type -> type.keyTemplates().stream()).map(KeyTemplate::unanchoredPattern).toList())
        + ")$";
  }

  private static void checkOrWrite(String file, JsonNode expected) throws IOException {
    if (Boolean.getBoolean(REGENERATE)) {
      Files.writeString(DIR.resolve(file), pretty(expected), StandardCharsets.UTF_8);
    }
    assertEquals(file + " is out of date with DocumentType; regenerate it with -D" + REGENERATE
        + "=true (see this test's Javadoc)", pretty(expected), pretty(read(file)));
  }

  private static JsonNode read(String file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(DIR.resolve(file), StandardCharsets.UTF_8));
  }

  /** Two-space indent, one array element per line, {@code "name": value}: how the files are kept. */
  private static String pretty(JsonNode node) throws IOException {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter() {
      @Override
      public DefaultPrettyPrinter createInstance() {
        return this;
      }

      @Override
      public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
        generator.writeRaw(": ");
      }
    };
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    // Escaped, so that the line terminators the key pattern rules out stay readable.
    return Json.MAPPER.writer(printer).with(JsonWriteFeature.ESCAPE_NON_ASCII)
        .writeValueAsString(node) + "\n";
  }
}
