package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.Test;

public class ServingHttpConfigTest {

  private static ServingHttpConfig parse(String text, Map<String, String> env) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ServingHttpConfig.fromProperties(properties, env);
  }

  @Test
  public void defaultsNeedOnlyACredential() {
    ServingHttpConfig config = ServingHttpConfig.builder().serviceToken("s3cret").build();
    assertEquals("127.0.0.1", config.host());
    assertEquals(8080, config.port());
    assertEquals(100, config.maxBatchKeys());
    assertTrue(config.publicCards());
    assertFalse(config.metricsOpen());
    assertNull(config.jwt());
    assertEquals(java.util.Set.of(ServingHttpConfig.sha256("s3cret")), config.serviceTokenHashes());
    assertFalse(config.toString().contains("s3cret"));
  }

  @Test
  public void propertiesConfigureEverythingAndFirebaseFillsTheJwtDefaults() {
    ServingHttpConfig config = parse(String.join("\n",
        "http.host=0.0.0.0", "http.port=9090", "http.max-batch-keys=50",
        "auth.service-token-hashes=" + ServingHttpConfig.sha256("a") + ", "
            + ServingHttpConfig.sha256("b"),
        "auth.service-tokens-env=TOKENS",
        "auth.jwt.firebase-project=avalo-prod", "auth.jwt.clock-skew-seconds=10",
        "auth.public-cards=false", "metrics.open=true"), Map.of("TOKENS", "c,d"));
    assertEquals("0.0.0.0", config.host());
    assertEquals(9090, config.port());
    assertEquals(50, config.maxBatchKeys());
    assertEquals(4, config.serviceTokenHashes().size());
    assertTrue(config.serviceTokenHashes().contains(ServingHttpConfig.sha256("d")));
    assertEquals(new ServingHttpConfig.JwtSettings(ServingHttpConfig.FIREBASE_JWKS_URL,
        "https://securetoken.google.com/avalo-prod", "avalo-prod", Duration.ofSeconds(10)),
        config.jwt());
    assertFalse(config.publicCards());
    assertTrue(config.metricsOpen());
  }

  @Test
  public void explicitJwtSettingsOverrideTheFirebaseDefaults() {
    ServingHttpConfig config = parse("auth.jwt.firebase-project=p\nauth.jwt.jwks=/etc/jwks.json\n",
        Map.of());
    assertEquals("/etc/jwks.json", config.jwt().jwks());
    assertEquals("p", config.jwt().audience());
  }

  @Test
  public void mistakesAreNamed() {
    assertMessage("", "no way to authenticate");
    assertMessage("auth.service-token-hashes=abc", "sha256: and 64 lower-case hex");
    assertMessage("auth.service-token-hashes=sha256:" + "ab".repeat(32) + "  -",
        "drop the '  -' sha256sum prints after the digits");
    assertMessage("auth.service-tokens-env=MISSING", "MISSING, which is not set");
    assertMessage("http.port=eighty\nauth.jwt.firebase-project=p", "http.port must be an integer");
    assertMessage("http.portt=80\nauth.jwt.firebase-project=p", "unknown serving property 'http.portt'");
    assertMessage("auth.jwt.jwks=/x.json", "auth.jwt.issuer is required");
    assertMessage("metrics.open=yes\nauth.jwt.firebase-project=p", "metrics.open must be true or false");
    assertMessage("readiness.probe-key=nope\nauth.jwt.firebase-project=p", "readiness.probe-key");
    // max + 1 overflowed where the body is read: every batch answered 500.
    assertMessage("http.max-body-bytes=2147483647\nauth.jwt.firebase-project=p",
        "http.max-body-bytes must be 1024 to 67108864");
    assertMessage("auth.jwt.clock-skew-seconds=x\nauth.service-token-hashes=sha256:"
        + "ab".repeat(32), "no auth.jwt.* property says whose tokens to verify");
  }

  /** Properties files keep a value's trailing spaces: a host with one failed to bind, saying null. */
  @Test
  public void theHostIsTrimmed() {
    assertEquals("0.0.0.0", parse("http.host=0.0.0.0  \nauth.jwt.firebase-project=p\n", Map.of())
        .host());
  }

  private static void assertMessage(String properties, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse(properties, Map.of()));
    assertTrue(e.getMessage(), e.getMessage().contains(text));
  }
}
