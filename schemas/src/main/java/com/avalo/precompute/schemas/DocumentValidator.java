package com.avalo.precompute.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks cache documents against the JSON Schemas in {@code schemas/json/v1/}, the same files a
 * non-Java backend reads.
 *
 * <p>A document is checked against {@code envelope.json}, which also checks that the key follows
 * the key grammar and addresses the document's type, and checks the payload against the schema of
 * that type ({@code {type}.json}). The result is a list of violation messages, each starting with
 * the JSON path of the offending value ({@code $.payload.uid: ...}); an empty list means valid.
 *
 * <p>The schemas are loaded from the classpath ({@value #CLASSPATH_BASE}) once, when the shared
 * instance is first used; the instance is immutable and safe to share between threads.
 *
 * <pre>{@code
 * List<String> violations = DocumentValidator.instance().validate(document);
 * if (!violations.isEmpty()) { ... dead-letter the document with the violations ... }
 * }</pre>
 *
 * <p>Two rules of {@link CacheKey#parse} are beyond JSON Schema and are not checked here: count
 * filter names must be sorted and unique, and an analytics period must exist in the calendar
 * ({@code 2026-02-30} and {@code 2025-W53} pass the pattern). Nor is the content hash
 * recomputed; use {@link CacheDocument#recomputeHash()} for that.
 */
public final class DocumentValidator {

  /** The {@code $id} prefix of the v1 schemas. */
  public static final String BASE_URI = "https://avalo.app/schemas/precompute/v1/";

  /** Where the v1 schema files are on the classpath. */
  public static final String CLASSPATH_BASE = "classpath:avalo-schemas/json/v1/";

  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final JsonSchema envelope;
  private final Map<DocumentType, JsonSchema> payloads = new EnumMap<>(DocumentType.class);

  private DocumentValidator() {
    factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, CLASSPATH_BASE)));
    config = SchemaValidatorsConfig.builder()
        .formatAssertionsEnabled(true)
        .pathType(PathType.JSON_PATH)
        .locale(Locale.ROOT)
        .regularExpressionFactory(EcmaEndAnchors.INSTANCE)
        .build();
    envelope = load("envelope.json");
    for (DocumentType type : DocumentType.values()) {
      payloads.put(type, load(type.typeName() + ".json"));
    }
  }

  /** The shared validator; the first call loads the schemas. */
  public static DocumentValidator instance() {
    return Holder.INSTANCE;
  }

  /** Violations of a document as {@link Json#MAPPER} serializes it; empty when valid. */
  public List<String> validate(CacheDocument document) {
    return validate((JsonNode) Json.MAPPER.valueToTree(document));
  }

  /** Violations of a document in its JSON form (as stored in SQLite); empty when valid. */
  public List<String> validate(String documentJson) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(documentJson);
    } catch (JsonProcessingException e) {
      return List.of("$: not JSON: " + e.getOriginalMessage());
    }
    return validate(tree);
  }

  /** Violations of a document tree against the envelope and its type's payload schema. */
  public List<String> validate(JsonNode document) {
    return messages(envelope.validate(document));
  }

  /**
   * Violations of a payload alone against the schema of {@code type}, paths relative to the
   * payload ({@code $.uid}); for readers that hold the payload apart from the envelope, as the
   * Firestore {@code payload} string field does.
   */
  public List<String> validatePayload(DocumentType type, JsonNode payload) {
    return messages(payloads.get(type).validate(payload));
  }

  /** The loaded schema of a file in {@code json/v1/}, by name; for tests and tools. */
  JsonSchema schema(String fileNameAndFragment) {
    return factory.getSchema(SchemaLocation.of(BASE_URI + fileNameAndFragment), config);
  }

  private JsonSchema load(String fileName) {
    JsonSchema schema = schema(fileName);
    schema.initializeValidators();
    return schema;
  }

  private static List<String> messages(java.util.Set<ValidationMessage> violations) {
    return violations.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static final class Holder {
    static final DocumentValidator INSTANCE = new DocumentValidator();
  }
}
