package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

/**
 * The schema files, the index and the Java records agree: every type has a schema, the index
 * lists it with the key pattern the envelope uses, and every record's components are exactly the
 * schema's properties, all required. Payload schemas are open to unknown properties (forward
 * compatibility), so this test is what keeps a misspelt or forgotten property from slipping by.
 */
public class SchemaFilesTest {
  private static final String CLASSPATH_DIR = "/avalo-schemas/json/v1/";

  @Test
  public void everyTypeHasASchemaFileWithItsId() {
    for (DocumentType type : DocumentType.values()) {
      JsonNode schema = file(type.typeName() + ".json");
      assertEquals(DocumentValidator.BASE_URI + type.typeName() + ".json", schema.path("$id").asText());
      assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    }
  }

  @Test
  public void indexListsEveryTypeAndOnlyThem() {
    JsonNode index = file("index.json");
    Set<String> listed = new TreeSet<>();
    index.path("types").fieldNames().forEachRemaining(listed::add);
    Set<String> types = new TreeSet<>();
    for (DocumentType type : DocumentType.values()) {
      types.add(type.typeName());
      JsonNode entry = index.path("types").path(type.typeName());
      assertEquals(type.typeName() + ".json", entry.path("schema").asText());
      assertNotNull(file(entry.path("schema").asText()));
      assertEquals(type.schemaVersion(), entry.path("schemaVersion").asInt());
      assertEquals(type.defaultMemoryTtl().toSeconds(), entry.path("memoryTtlSeconds").asLong());
    }
    assertEquals(types, listed);
    assertEquals(DocumentValidator.BASE_URI, index.path("baseUri").asText());
    assertEquals(CacheKey.MAX_LENGTH, index.path("keyMaxLength").asInt());
  }

  @Test
  public void indexAndEnvelopeShareTheKeyPatternsAndTypes() {
    JsonNode index = file("index.json");
    JsonNode envelope = file("envelope.json");
    assertEquals(index.path("keyPattern").asText(),
        envelope.at("/$defs/key/pattern").asText());
    assertEquals(CacheKey.MAX_LENGTH, envelope.at("/$defs/key/maxLength").asInt());
    Set<String> enumerated = new TreeSet<>();
    envelope.at("/properties/type/enum").forEach(name -> enumerated.add(name.asText()));
    Set<String> dispatched = new TreeSet<>();
    for (JsonNode branch : envelope.path("allOf")) {
      String type = branch.at("/if/properties/type/const").asText();
      dispatched.add(type);
      assertEquals(type, index.at("/types/" + type + "/keyPattern").asText(),
          branch.at("/then/properties/key/pattern").asText());
      assertEquals(type + ".json", branch.at("/then/properties/payload/$ref").asText());
      assertEquals(DocumentType.fromTypeName(type).schemaVersion(),
          branch.at("/then/properties/schemaVersion/const").asInt());
    }
    Set<String> types = new TreeSet<>();
    Arrays.stream(DocumentType.values()).forEach(type -> types.add(type.typeName()));
    assertEquals(types, enumerated);
    assertEquals(types, dispatched);
  }

  @Test
  public void envelopePropertiesAreTheCacheDocumentComponents() {
    JsonNode envelope = file("envelope.json");
    assertEquals(componentNames(CacheDocument.class), names(envelope.path("properties")));
    assertEquals(componentNames(CacheDocument.class), required(envelope));
  }

  @Test
  public void payloadPropertiesAreTheRecordComponentsAtEveryLevel() {
    for (DocumentType type : DocumentType.values()) {
      String file = type.typeName() + ".json";
      assertMatches(type.payloadClass(), file, file(file), type.typeName());
    }
  }

  /** Walks a record and its schema together, into nested records and lists of records. */
  private void assertMatches(Class<?> record, String file, JsonNode schema, String where) {
    JsonNode resolved = resolve(file, schema);
    String inFile = fileOf(file, schema);
    assertEquals(where, componentNames(record), names(resolved.path("properties")));
    assertEquals(where, componentNames(record), required(resolved));
    for (RecordComponent component : record.getRecordComponents()) {
      JsonNode property = nonNullBranch(inFile, resolved.path("properties").path(component.getName()));
      String at = where + "." + component.getName();
      if (component.getType() == int.class || component.getType() == Integer.class) {
        assertFitsAnInt(at, resolve(inFile, property));
      }
      if (component.getType().isRecord()) {
        assertMatches(component.getType(), inFile, property, at);
      } else if (List.class.isAssignableFrom(component.getType())) {
        Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
        if (element instanceof Class<?> elementClass && elementClass.isRecord()) {
          JsonNode array = resolve(inFile, property);
          assertEquals(at, "array", array.path("type").asText());
          assertMatches(elementClass, fileOf(inFile, property), array.path("items"), at + "[]");
        }
      }
    }
  }

  /**
   * A Java {@code int} field's schema bounds it to an {@code int}: a larger number, which another
   * backend's document could hold and a bare {@code integer} would accept, fails to decode here.
   */
  private static void assertFitsAnInt(String at, JsonNode property) {
    assertEquals(at, "integer", property.path("type").asText());
    boolean bounded = property.has("minimum") && property.path("minimum").asLong() >= Integer.MIN_VALUE
        && property.has("maximum") && property.path("maximum").asLong() <= Integer.MAX_VALUE;
    assertTrue(at + " is a Java int: its schema needs a minimum and a maximum within an int's"
        + " (" + property + ")", bounded);
  }

  /** The branch of a nullable {@code anyOf: [X, {type: null}]} that is not null, or the node. */
  private JsonNode nonNullBranch(String file, JsonNode property) {
    if (property.has("anyOf")) {
      for (JsonNode branch : property.path("anyOf")) {
        if (!branch.path("type").asText().equals("null")) {
          return branch;
        }
      }
    }
    return property;
  }

  /** Follows a {@code $ref} (to this file or a sibling) to the schema it names. */
  private JsonNode resolve(String file, JsonNode schema) {
    if (!schema.has("$ref")) {
      return schema;
    }
    String ref = schema.path("$ref").asText();
    String target = fileOf(file, schema);
    String pointer = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
    return resolve(target, file(target).at(pointer));
  }

  private static String fileOf(String file, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty() || ref.startsWith("#") ? file : ref.split("#")[0];
  }

  private static Set<String> componentNames(Class<?> record) {
    Set<String> names = new HashSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      names.add(component.getName());
    }
    return names;
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> names = new HashSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    assertTrue("no properties", !names.isEmpty());
    return names;
  }

  private static Set<String> required(JsonNode schema) {
    Set<String> names = new HashSet<>();
    schema.path("required").forEach(name -> names.add(name.asText()));
    return names;
  }

  private static JsonNode file(String name) {
    try (InputStream in = SchemaFilesTest.class.getResourceAsStream(CLASSPATH_DIR + name)) {
      assertNotNull("missing on the classpath: " + CLASSPATH_DIR + name, in);
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
