package com.avalo.precompute.cli;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Runs the CLI in this JVM with its standard streams captured, and makes the documents tests read. */
final class CliRuns {
  private CliRuns() {}

  /** What one run of the CLI did. */
  record Result(int exitCode, String out, String err) {}

  static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = PrecomputeCli.execute(args);
      return new Result(code, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** {@code user:{uid}:stats}, computed at {@code computedAt}, fresh until {@code expiresAt}. */
  static CacheDocument stats(String uid, Instant computedAt, Instant expiresAt) {
    return CacheDocument.of(DocumentType.USER_STATS.key(uid),
        new UserStats(uid, 10, 12, 1, 2, 3, 4, 5, 40, 38, 0.75, 2),
        new CacheDocument.Provenance("user-stats", "run-1", computedAt, computedAt), expiresAt);
  }

  /** {@code user:{uid}:tokens}, fresh for an hour from now. */
  static CacheDocument tokens(String uid) {
    Instant now = Instant.now();
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
  }
}
