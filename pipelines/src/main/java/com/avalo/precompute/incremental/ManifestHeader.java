package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.Json;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The commit record of one job's manifest ({@code manifest.json} beside its shards): whose it is
 * and what it must hold, so that a reader can tell a whole manifest of this job and store from a
 * truncated or foreign one before trusting any of it. Written last, after every write of its run
 * succeeded: a manifest without one was never committed.
 *
 * @param format the layout's version, {@value #FORMAT}
 * @param job the job whose keys it lists
 * @param store the store those keys are in, as the run's summary names it
 * @param runId the run that wrote it
 * @param asOf that run's snapshot time
 * @param computedAt when that run started
 * @param keyCount how many keys the shards hold together
 * @param shards the shard files, named relative to the header
 */
public record ManifestHeader(int format, String job, String store, String runId, Instant asOf,
    Instant computedAt, long keyCount, List<Shard> shards) implements Serializable {
  public static final int FORMAT = 1;
  public static final String FILE_NAME = "manifest.json";

  /**
   * One shard: gzip'd NDJSON, one {@link com.avalo.precompute.serving.store.DocumentStamp} a line.
   *
   * @param file the file name, relative to the header's directory
   * @param bytes its size
   * @param sha256 the hex SHA-256 of its bytes
   * @param keys how many stamps it holds
   */
  public record Shard(String file, long bytes, String sha256, long keys) implements Serializable {}

  public ManifestHeader {
    shards = List.copyOf(shards);
  }

  public String toJson() {
    return Json.write(this);
  }

  /**
   * Parses a header.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static ManifestHeader parse(String json) {
    ManifestHeader header;
    try {
      header = Json.MAPPER.readValue(json, ManifestHeader.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a manifest header: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (header.format() != FORMAT || header.job() == null || header.store() == null
        || header.runId() == null || header.shards() == null) {
      throw new IllegalArgumentException("not a manifest header of format " + FORMAT);
    }
    return header;
  }
}
