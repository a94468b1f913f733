package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Firebase CLI's {@code firestore.indexes.json} for the configured fields and composite
 * indexes: one field override per field, with no single-field indexes, and {@code "ttl": true} (a
 * boolean, as firebase-tools' FieldOverride declares it) on a TTL field; one index per composite
 * index. Deploy it with {@code firebase deploy --only
 * firestore:indexes}, as an alternative to the gcloud commands of the plan.
 */
public final class FirestoreIndexesJson {
  private FirestoreIndexesJson() {}

  /** The file's content. */
  public static ObjectNode of(List<FirestoreFieldConfig> fields, List<FirestoreIndex> indexes) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    // The file is deployed to one project at a time (firebase --project), so stores in several
    // projects need each collection group's configuration once.
    Set<String> seen = new HashSet<>();
    ArrayNode composite = root.putArray("indexes");
    for (FirestoreIndex index : indexes) {
      if (!seen.add(index.name())) {
        continue;
      }
      ObjectNode node = composite.addObject();
      node.put("collectionGroup", index.collectionGroup());
      node.put("queryScope", "COLLECTION");
      ArrayNode indexFields = node.putArray("fields");
      index.fields().forEach(field -> indexFields.addObject().put("fieldPath", field.path())
          .put("order", field.order()));
    }
    ArrayNode overrides = root.putArray("fieldOverrides");
    for (FirestoreFieldConfig field : fields) {
      if (!seen.add(field.collectionGroup() + "." + field.field())) {
        continue;
      }
      ObjectNode override = overrides.addObject();
      override.put("collectionGroup", field.collectionGroup());
      override.put("fieldPath", field.field());
      if (field.ttl()) {
        override.put("ttl", true);
      }
      override.putArray("indexes");
    }
    return root;
  }

  /** The file's text, as checked in at {@code scripts/firestore.indexes.json}. */
  public static String text(List<FirestoreFieldConfig> fields, List<FirestoreIndex> indexes) {
    return Json.writePretty(of(fields, indexes)) + "\n";
  }
}
