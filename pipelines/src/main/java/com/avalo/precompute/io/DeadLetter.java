package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record a job could not use, with why and where it came from: the dead-letter output is a
 * first-class result of every run (a file for local runs, a Firestore collection otherwise).
 *
 * @param job the job that rejected it
 * @param collection the source collection, or {@code cache} for a document the writer refused
 * @param origin where it came from: {@code users.ndjson:17}, {@code firestore:users/abc}, a key
 * @param reason what is wrong with it, for a person to fix; it quotes at most a few hundred
 *     characters of any value ({@link ReasonText}), the record itself is the payload
 * @param payload the rejected record as read (truncated when huge)
 */
// Beam infers this coder wherever a PCollection of these is made: Flink refuses to flatten
// branches with different coders, and SerializableCoder was many times slower (RecordCoder).
@DefaultCoder(RecordCoder.class)
public record DeadLetter(String job, String collection, String origin, String reason, String payload)
    implements Serializable {
  /**
   * Caps the origin, reason and payload, however the letter is made: by {@link #of}, decoded, or
   * built by hand. Each cut fits within its cap, so a letter that is cut already stays as it is.
   */
  public DeadLetter {
    origin = ReasonText.cut(origin, MAX_ORIGIN_CHARS);
    reason = ReasonText.cap(reason);
    payload = ReasonText.cut(payload, MAX_PAYLOAD_CHARS, "...(truncated)");
  }

  /** Longest payload kept; a dead letter must never itself be too big to store. */
  static final int MAX_PAYLOAD_CHARS = 10_000;

  /**
   * Longest origin kept: a cache key in full (at most {@code CacheKey.MAX_LENGTH}, 512, behind
   * its collection), since a refused write's letter has no other record of which document it was.
   */
  static final int MAX_ORIGIN_CHARS = 1_000;

  /**
   * A dead letter with its reason capped ({@link ReasonText#cap}) and its payload cut to
   * {@link #MAX_PAYLOAD_CHARS}: a record with a multi-MB field is kept once, cut.
   */
  public static DeadLetter of(String job, String collection, String origin, String reason, String payload) {
    return new DeadLetter(job, collection, origin, reason, payload);
  }

  public String toJson() {
    return Json.write(this);
  }
}
