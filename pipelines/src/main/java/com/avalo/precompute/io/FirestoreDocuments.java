package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import java.time.Instant;
import java.util.Map;

/**
 * Turns a Firestore document into the same JSON a file export holds for it, so that both sources
 * go through one parser and give the same records: timestamps become RFC 3339 strings, geo points
 * {@code {lat, lng}}, the document id {@code id}, and a message's parent chat {@code chatId}, both
 * from the document's path, whatever fields of those names it holds.
 */
public final class FirestoreDocuments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FirestoreDocuments() {}

  /** The export-shaped JSON of a document. */
  public static ObjectNode toExportJson(Document document) {
    ObjectNode json = NODES.objectNode();
    for (Map.Entry<String, Value> field : document.getFieldsMap().entrySet()) {
      json.set(field.getKey(), toJson(field.getValue()));
    }
    // The path is the document's identity, and set last so that a field of the same name (an
    // app's own "id", a stale "chatId") cannot stand in for it: one user under two paths with
    // one "id" field became two records of one id, which a Firestore source never de-duplicates.
    String[] path = document.getName().split("/");
    json.put("id", path[path.length - 1]);
    // chats/{chatId}/messages/{msgId}: the chat is in the path, the export has it as a field.
    if (path.length >= 4 && path[path.length - 2].equals("messages")
        && path[path.length - 4].equals("chats")) {
      json.put("chatId", path[path.length - 3]);
    }
    return json;
  }

  /** The document's path below the database root, for dead-letter origins. */
  public static String relativePath(Document document) {
    String name = document.getName();
    int documents = name.indexOf("/documents/");
    return documents < 0 ? name : name.substring(documents + "/documents/".length());
  }

  static JsonNode toJson(Value value) {
    return switch (value.getValueTypeCase()) {
      case NULL_VALUE, VALUETYPE_NOT_SET -> NODES.nullNode();
      case BOOLEAN_VALUE -> NODES.booleanNode(value.getBooleanValue());
      case INTEGER_VALUE -> NODES.numberNode(value.getIntegerValue());
      case DOUBLE_VALUE -> NODES.numberNode(value.getDoubleValue());
      case TIMESTAMP_VALUE -> NODES.textNode(Instant.ofEpochSecond(
          value.getTimestampValue().getSeconds(), value.getTimestampValue().getNanos()).toString());
      case STRING_VALUE -> NODES.textNode(value.getStringValue());
      case BYTES_VALUE -> NODES.binaryNode(value.getBytesValue().toByteArray());
      case REFERENCE_VALUE -> NODES.textNode(value.getReferenceValue());
      case GEO_POINT_VALUE -> NODES.objectNode()
          .put("lat", value.getGeoPointValue().getLatitude())
          .put("lng", value.getGeoPointValue().getLongitude());
      case ARRAY_VALUE -> {
        ArrayNode array = NODES.arrayNode();
        value.getArrayValue().getValuesList().forEach(element -> array.add(toJson(element)));
        yield array;
      }
      case MAP_VALUE -> {
        ObjectNode map = NODES.objectNode();
        value.getMapValue().getFieldsMap().forEach((name, element) -> map.set(name, toJson(element)));
        yield map;
      }
      default -> NODES.textNode(Json.write(value.toString()));
    };
  }
}
