package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** Payload of {@code post:{postId}}. */
public record PostCard(
    String postId, String authorId, String authorName, String text, List<Media> media,
    Instant createdAt) implements Serializable {

  /** A media item attached to a post. */
  public record Media(String id, String url, int width, int height) implements Serializable {}
}
