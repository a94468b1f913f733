package com.avalo.precompute.report;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads documents through {@link CacheStore} in batches, in key order. A document that cannot be
 * read is left out and remembered with why, so that one row broken by hand costs the report that
 * row, not the whole report, and the report can still name it.
 */
final class StoreReads {
  /** Keys per {@code getAll}: one SQLite statement or a few Firestore batch gets. */
  static final int BATCH = 500;
  /** Unreadable keys named in a note; a store broken throughout would otherwise fill the page. */
  static final int NAMED = 20;

  private final CacheStore store;
  /** Key to why; a map since the same key is met again by each read of its metric's periods. */
  private final Map<String, String> unreadable = new LinkedHashMap<>();

  StoreReads(CacheStore store) {
    this.store = store;
  }

  List<String> keys(String prefix, int limit) {
    return store.keysWithPrefix(prefix, limit);
  }

  /**
   * The readable documents under {@code keys}, in the keys' order; keys with no document are
   * skipped and keys whose document cannot be read are {@link #unreadable}.
   */
  List<CacheDocument> documents(List<String> keys) {
    List<CacheDocument> documents = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      Map<String, CacheDocument> found;
      try {
        found = store.getAll(batch);
      } catch (UnreadableDocumentException e) {
        // The store gives up on the whole batch for one bad row: read its keys one at a time.
        found = readSingly(batch);
      }
      batch.stream().map(found::get).filter(d -> d != null).forEach(documents::add);
    }
    return documents;
  }

  /** The payload of {@code document} as {@code type}, or empty when it is not one. */
  <T> Optional<T> payload(CacheDocument document, Class<T> type) {
    try {
      return Optional.of(document.payloadAs(type));
    } catch (RuntimeException e) {
      markUnreadable(document.key(), "its payload is not a " + type.getSimpleName());
      return Optional.empty();
    }
  }

  void markUnreadable(String key, String why) {
    unreadable.putIfAbsent(key, why);
  }

  /** How many documents were left out as unreadable, and which, for a section's notices. */
  Optional<String> unreadableNote() {
    if (unreadable.isEmpty()) {
      return Optional.empty();
    }
    int count = unreadable.size();
    String named = unreadable.entrySet().stream().limit(NAMED)
        .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
        .collect(Collectors.joining("; "));
    return Optional.of(count + (count == 1 ? " unreadable document" : " unreadable documents")
        + " left out: " + named + (count > NAMED ? "; and " + (count - NAMED) + " more" : "")
        + ".");
  }

  private Map<String, CacheDocument> readSingly(List<String> keys) {
    Map<String, CacheDocument> found = new LinkedHashMap<>();
    for (String key : keys) {
      try {
        store.get(key).ifPresent(document -> found.put(key, document));
      } catch (UnreadableDocumentException e) {
        markUnreadable(e.key(), e.reason());
      }
    }
    return found;
  }
}
