package com.avalo.precompute.serving.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A set of accepted bearer tokens, kept only as SHA-256 digests. A presented token is hashed and
 * compared with every configured digest by {@link MessageDigest#isEqual} (constant time for equal
 * lengths, and every digest has the same length), without stopping at the first match, so the
 * time taken says nothing about which token, or how much of one, matched.
 */
final class ServiceTokens {
  private final List<byte[]> digests;

  ServiceTokens(Set<String> hashes) {
    this.digests = hashes.stream()
        .map(hash -> HexFormat.of().parseHex(hash.substring("sha256:".length())))
        .toList();
  }

  boolean isEmpty() {
    return digests.isEmpty();
  }

  boolean matches(String presented) {
    byte[] digest = digest(presented);
    boolean matched = false;
    for (byte[] accepted : digests) {
      matched |= MessageDigest.isEqual(accepted, digest);
    }
    return matched;
  }

  static String hash(String token) {
    return "sha256:" + HexFormat.of().formatHex(digest(token));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
