package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code user:{uid}}: the public profile card. Age is computed as of the run's
 * {@code asOf}; the exact location never leaves the source data.
 */
public record ProfileCard(
    String uid,
    String displayName,
    int age,
    String gender,
    String city,
    List<String> interests,
    int photoCount,
    String bio,
    boolean verified,
    Instant createdAt,
    Instant lastActiveAt,
    int postCount) implements Serializable {}
