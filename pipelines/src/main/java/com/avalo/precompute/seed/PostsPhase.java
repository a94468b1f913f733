package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Arrays;

/** Writes {@code posts.ndjson}: a few posts for about half the users, most with one photo. */
final class PostsPhase {
  private static final int MAX_POSTS_PER_USER = 30;
  private static final double[] MEDIA_COUNT_WEIGHTS = {10, 60, 15, 10, 5};

  private final SeedConfig config;
  private final Population users;
  private final Ids postIds;
  private final Ids mediaIds;
  private final long[] times = new long[MAX_POSTS_PER_USER];
  private long nextPost;
  private long nextMedia;

  PostsPhase(SeedConfig config, Population users) {
    this.config = config;
    this.users = users;
    this.postIds = new Ids(config.seed(), "posts");
    this.mediaIds = new Ids(config.seed(), "media");
  }

  void run(NdjsonWriter out, SeedProgress progress) throws IOException {
    ProgressTicker ticker = new ProgressTicker(progress, "posts", users.size);
    for (int u = 0; u < users.size; u++) {
      writePosts(u, SeedRandom.stream(config.seed(), Streams.POSTS, u), out);
      ticker.advanceTo(u + 1);
    }
    ticker.finish();
  }

  private void writePosts(int u, SeedRandom rng, NdjsonWriter out) throws IOException {
    if (rng.chance(0.45)) {
      return;
    }
    int count = Math.min(MAX_POSTS_PER_USER, 1 + rng.poisson(1.5 * users.engagement[u] / 0.3));
    for (int p = 0; p < count; p++) {
      times[p] = rng.nextLongBetween(users.createdAt[u], users.lastActiveAt[u]);
    }
    Arrays.sort(times, 0, count);
    for (int p = 0; p < count; p++) {
      JsonGenerator json = out.begin(postIds.of(nextPost++));
      json.writeStringField("authorId", users.userId(u));
      json.writeStringField("text", rng.pick(Vocabulary.POST_TEXTS));
      json.writeArrayFieldStart("media");
      int mediaCount = rng.weighted(MEDIA_COUNT_WEIGHTS);
      for (int m = 0; m < mediaCount; m++) {
        String mediaId = mediaIds.of(nextMedia++);
        int[] size = Vocabulary.MEDIA_SIZES[rng.nextInt(Vocabulary.MEDIA_SIZES.length)];
        json.writeStartObject();
        json.writeStringField("id", mediaId);
        json.writeStringField("url", "https://media.avalo.example/p/" + mediaId + ".jpg");
        json.writeNumberField("width", size[0]);
        json.writeNumberField("height", size[1]);
        json.writeEndObject();
      }
      json.writeEndArray();
      out.timestamp("createdAt", times[p]);
      out.end();
    }
  }
}
