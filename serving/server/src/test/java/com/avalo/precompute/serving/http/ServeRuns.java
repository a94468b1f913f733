package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Runs the serve command in this JVM with its standard streams captured, and what it serves. */
final class ServeRuns {
  static final String SERVICE_TOKEN = "serve-test-token-0123456789";

  private ServeRuns() {}

  /** What one run of the command did. */
  record Result(int exitCode, String out, String err) {}

  /** Runs a command that fails before serving (a started one would block until stopped). */
  static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = ServeCommand.execute(args);
      return new Result(code, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** {@code user:{uid}:tokens}, fresh for an hour from now. */
  static CacheDocument tokens(String uid) {
    Instant now = Instant.now();
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
  }

  /** A serving config accepting {@link #SERVICE_TOKEN}, with extra property lines. */
  static Path config(Path dir, String... lines) throws IOException {
    StringBuilder text = new StringBuilder("http.host=127.0.0.1\nhttp.port=0\n")
        .append("auth.service-token-hashes=").append(ServingHttpConfig.sha256(SERVICE_TOKEN))
        .append('\n');
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return Files.writeString(dir.resolve("serving.properties"), text);
  }
}
