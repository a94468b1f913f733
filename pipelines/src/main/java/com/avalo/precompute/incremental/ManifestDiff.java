package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What changed between two manifests of one job: keys added, removed and whose content hash
 * changed, with counts by document type, for an analyst asking why so much of a job changed.
 *
 * @param job the job
 * @param keysBefore keys in the older manifest (under the prefix)
 * @param keysAfter keys in the newer manifest (under the prefix)
 * @param added keys only in the newer, sorted, at most {@code limit} of them
 * @param removed keys only in the older, likewise
 * @param changed keys in both with different content, likewise
 * @param counts by document type, then {@code added}, {@code removed}, {@code changed},
 *     {@code unchanged}: every key, however many are listed
 */
public record ManifestDiff(String job, long keysBefore, long keysAfter, List<String> added,
    List<String> removed, List<String> changed, SortedMap<String, SortedMap<String, Long>> counts) {

  /** Total of one kind of change over every type. */
  public long total(String kind) {
    return counts.values().stream().mapToLong(byKind -> byKind.getOrDefault(kind, 0L)).sum();
  }

  /**
   * Compares two trusted manifests, listing at most {@code limit} keys of each kind (0: all).
   *
   * @param prefix only keys starting with it count, or null for all
   */
  public static ManifestDiff compare(String job, ManifestCheck.Trusted before,
      ManifestCheck.Trusted after, String prefix, int limit) {
    Map<String, String> older = new HashMap<>();
    // A document is its payload and the version it is labelled with: a new label is a change.
    forEachStamp(before, prefix, stamp -> older.put(stamp.key(), content(stamp)));
    long keysBefore = older.size();
    SortedMap<String, SortedMap<String, Long>> counts = new TreeMap<>();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    long[] keysAfter = {0};
    forEachStamp(after, prefix, stamp -> {
      keysAfter[0]++;
      String hash = older.remove(stamp.key());
      String kind = hash == null ? "added" : hash.equals(content(stamp)) ? "unchanged" : "changed";
      count(counts, stamp.key(), kind);
      if (kind.equals("added")) {
        added.add(stamp.key());
      } else if (kind.equals("changed")) {
        changed.add(stamp.key());
      }
    });
    List<String> removed = new ArrayList<>(older.keySet());
    removed.forEach(key -> count(counts, key, "removed"));
    return new ManifestDiff(job, keysBefore, keysAfter[0], firstSorted(added, limit),
        firstSorted(removed, limit), firstSorted(changed, limit), counts);
  }

  private static void count(SortedMap<String, SortedMap<String, Long>> counts, String key, String kind) {
    String type = CacheKey.isValid(key) ? CacheKey.parse(key).type().typeName() : "unknown";
    counts.computeIfAbsent(type, t -> new TreeMap<>()).merge(kind, 1L, Long::sum);
  }

  private static List<String> firstSorted(List<String> keys, int limit) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(null);
    return limit > 0 && sorted.size() > limit ? List.copyOf(sorted.subList(0, limit)) : List.copyOf(sorted);
  }

  private static String content(DocumentStamp stamp) {
    return stamp.contentHash() + " v" + stamp.schemaVersion();
  }

  /** Every stamp of a manifest whose key starts with {@code prefix} (null: all). */
  static void forEachStamp(ManifestCheck.Trusted manifest, String prefix, Consumer<DocumentStamp> action) {
    for (String shard : manifest.shardPaths()) {
      ManifestFiles.forEachGzipLine(shard, line -> {
        DocumentStamp stamp = Json.MAPPER.convertValue(Json.read(line), DocumentStamp.class);
        if (prefix == null || stamp.key().startsWith(prefix)) {
          action.accept(stamp);
        }
      });
    }
  }
}
