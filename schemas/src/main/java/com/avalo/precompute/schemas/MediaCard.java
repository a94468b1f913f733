package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;

/** Payload of {@code media:{mediaId}}. */
public record MediaCard(
    String mediaId, String postId, String authorId, String url, int width, int height,
    Instant createdAt) implements Serializable {}
