package com.avalo.precompute.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The version of a paged list ({@link FeedPage}, {@link ChatList}), carried by every page of it:
 * a digest of the whole ordered list and its page count, so two pages belong to the same list
 * exactly when their versions are equal, whichever run wrote them. Any change to the list changes
 * every page's content, so a run that writes only what changed rewrites all of a list's pages
 * together.
 *
 * <p>Readers only compare versions for equality; they never recompute one. So the digest is of
 * the values' plain JSON as {@link Json#MAPPER} writes them (fields in declaration order), not of
 * a canonical form: converting a whole feed to a tree and sorting its keys only to hash it was a
 * quarter of the time a feeds run spent building pages (JFR, 100,000 users). The {@code v2-}
 * prefix marks that derivation; lists written with {@code v1-} versions are rewritten once by the
 * first run that computes them again, as any changed list is.
 */
public final class ListVersion {
  /** Hex digits kept of the SHA-256: 64 bits, so two versions of one list never collide in practice. */
  private static final int HEX_DIGITS = 16;
  private static final String PREFIX = "v2-";

  private ListVersion() {}

  /**
   * The version of a list given as the values that define it (its page count and totals, and
   * every entry in order).
   */
  public static String of(List<?> definingValues) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
        Json.MAPPER.writeValue(digest, definingValues);
      }
      return PREFIX + HexFormat.of().formatHex(sha.digest()).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize a list's defining values", e);
    }
  }
}
