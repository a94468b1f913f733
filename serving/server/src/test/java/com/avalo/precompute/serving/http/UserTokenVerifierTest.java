package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.serving.http.ServingHttpConfig.JwtSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Signing keys the server would verify no token with, or could be handed by anyone, are refused at start. */
public class UserTokenVerifierTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aPlainHttpJwksIsRefusedUnlessOnThisMachine() {
    IllegalArgumentException remote = assertThrows(IllegalArgumentException.class,
        () -> verifier("http://idp.internal/jwks.json"));
    assertTrue(remote.getMessage(), remote.getMessage().contains("https://"));
    // Loopback stays allowed, for tests and a sidecar.
    verifier("http://127.0.0.1:1/jwks.json");
    verifier("http://localhost:1/jwks.json");
    verifier("https://idp.example/jwks.json");
  }

  @Test
  public void aJwksFileWithoutAnRsaKeyIsRefused() throws Exception {
    Path empty = Files.writeString(dir.getRoot().toPath().resolve("empty.json"), "{\"keys\":[]}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> verifier(empty.toString()));
    assertTrue(e.getMessage(), e.getMessage().contains("holds no RSA public key"));
    verifier(new TestTokens().writeJwks(dir.getRoot().toPath()).toString());
  }

  private static UserTokenVerifier verifier(String jwks) {
    return new UserTokenVerifier(new JwtSettings(jwks, TestTokens.ISSUER, TestTokens.PROJECT,
        Duration.ofSeconds(30)), Clock.systemUTC());
  }
}
