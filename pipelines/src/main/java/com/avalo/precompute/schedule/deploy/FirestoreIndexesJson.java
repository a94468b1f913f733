package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Firebase CLI's {@code firestore.indexes.json} for the configured fields: one field override
 * each, with no single-field indexes, and {@code "ttl": true} (a boolean, as firebase-tools'
 * FieldOverride declares it) on the TTL field. Deploy it with {@code firebase deploy --only
 * firestore:indexes}, as an alternative to the gcloud commands of the plan.
 */
public final class FirestoreIndexesJson {
  private FirestoreIndexesJson() {}

  /** The file's content. */
  public static ObjectNode of(List<FirestoreFieldConfig> fields) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putArray("indexes");
    ArrayNode overrides = root.putArray("fieldOverrides");
    for (FirestoreFieldConfig field : fields) {
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
  public static String text(List<FirestoreFieldConfig> fields) {
    return Json.writePretty(of(fields)) + "\n";
  }
}
