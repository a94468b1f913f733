package com.avalo.precompute.serving.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Firebase-shaped ID tokens signed by keys made here, and the JWKS that publishes them. */
final class TestTokens {
  static final String PROJECT = "avalo-test";
  static final String ISSUER = "https://securetoken.google.com/" + PROJECT;

  final RSAKey signingKey;
  /** Not in the JWKS, but with the same kid: only the signature check can tell. */
  final RSAKey impostorKey;

  TestTokens() {
    try {
      signingKey = new RSAKeyGenerator(2048).keyID("kid-1").generate();
      impostorKey = new RSAKeyGenerator(2048).keyID("kid-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWKS as JSON. */
  String jwksJson() {
    return new JWKSet(signingKey.toPublicJWK()).toString();
  }

  Path writeJwks(Path dir) throws IOException {
    return Files.writeString(dir.resolve("jwks.json"), jwksJson());
  }

  ServingHttpConfig.JwtSettings settings(String jwks) {
    return new ServingHttpConfig.JwtSettings(jwks, ISSUER, PROJECT, Duration.ofSeconds(30));
  }

  /** A valid token for {@code uid} at {@link TestDocuments#NOW}. */
  String idToken(String uid) {
    return idToken(uid, UnaryOperator.identity());
  }

  /** A token for {@code uid} whose claims {@code edit} changes, signed with the JWKS key. */
  String idToken(String uid, UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(signingKey, edit.apply(claims(uid)).build());
  }

  /** A token whose payload is {@code json} as written (claims a builder would drop or type). */
  String withPayload(String json) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
          .keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), new Payload(json));
      jws.sign(new RSASSASigner(signingKey));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String signedBy(RSAKey key, String uid) {
    return sign(key, claims(uid).build());
  }

  String hs256(String uid) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("kid-1").build(),
        claims(uid).build());
    jwt.sign(new MACSigner(new byte[32]));
    return jwt.serialize();
  }

  String unsigned(String uid) {
    return new PlainJWT(claims(uid).build()).serialize();
  }

  static JWTClaimsSet.Builder claims(String uid) {
    Instant issued = TestDocuments.NOW.minusSeconds(60);
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(PROJECT)
        .subject(uid)
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(issued.plus(Duration.ofHours(1))))
        .claim("auth_time", issued.getEpochSecond());
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
          .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
