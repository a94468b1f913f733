package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;

/**
 * A record's attempts as one JSON text, the form both stores keep them in: a column in SQLite,
 * a string field in Firestore (never indexed, as the cache documents' payload). The window's key,
 * state and times stay separate fields, for queries and Firestore's TTL.
 */
final class LedgerCodec {
  private static final TypeReference<List<LedgerAttempt>> ATTEMPTS = new TypeReference<>() {};

  private LedgerCodec() {}

  static String attempts(LedgerRecord record) {
    return Json.write(record.attempts());
  }

  static List<LedgerAttempt> attempts(String json, String where) {
    try {
      return Json.MAPPER.readValue(json, ATTEMPTS);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException("the ledger record " + where + " is not readable: "
          + e.getOriginalMessage(), e);
    }
  }
}
