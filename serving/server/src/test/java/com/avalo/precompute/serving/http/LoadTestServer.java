package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CachedReads;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For the load script's trial: writes {@code --keys} documents of mixed types into a SQLite store,
 * writes their keys to {@code --key-file}, and serves them with {@link ServingHttpServer} over
 * {@link StoreBackedReads} (no memory tier) on 127.0.0.1 until killed or {@code --max-seconds}.
 *
 * <pre>
 * java -cp ... LoadTestServer --db /tmp/load.db --keys 5000 --key-file /tmp/keys.txt \
 *     --port 8089 --token load-test-token [--max-seconds 600] [--max-threads 200]
 *     [--memory true]   # answer from a preloaded map instead of SQLite: the HTTP layer alone
 * </pre>
 */
public final class LoadTestServer {
  private LoadTestServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = LoadTestFlags.parse("LoadTestServer", args);
    Path db = Path.of(flags.getOrDefault("db", "/tmp/avalo-load.db"));
    int count = Integer.parseInt(flags.getOrDefault("keys", "5000"));
    Path keyFile = Path.of(flags.getOrDefault("key-file", "/tmp/avalo-load-keys.txt"));
    int port = Integer.parseInt(flags.getOrDefault("port", "8089"));
    String token = flags.getOrDefault("token", "load-test-token");
    long maxSeconds = Long.parseLong(flags.getOrDefault("max-seconds", "600"));

    Files.deleteIfExists(db);
    SqliteCacheStore store = SqliteCacheStore.open(db);
    List<String> keys = writeDocuments(store, count);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(keyFile))) {
      keys.forEach(out::println);
    }
    boolean memory = Boolean.parseBoolean(flags.getOrDefault("memory", "false"));
    CachedReads reads = memory ? new MemoryReads(store, keys) : new StoreBackedReads(store);
    ServingHttpServer server = ServingHttpServer.builder()
        .config(ServingHttpConfig.builder().host("127.0.0.1").port(port).serviceToken(token)
            .maxThreads(Integer.parseInt(flags.getOrDefault("max-threads", "200"))).build())
        .reads(reads)
        .build()
        .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      reads.close();
      store.close();
      stopped.countDown();
    }));
    System.out.println("READY http://127.0.0.1:" + server.port() + " keys=" + keys.size()
        + (memory ? " reads=memory" : " reads=sqlite")
        + " key-file=" + keyFile);
    if (!stopped.await(maxSeconds, TimeUnit.SECONDS)) {
      System.out.println("stopping after --max-seconds " + maxSeconds);
      System.exit(0);
    }
  }

  /** {@code count} documents cycling through seven types, fresh for a day. */
  static List<String> writeDocuments(SqliteCacheStore store, int count) throws IOException {
    Instant now = Instant.now();
    CacheDocument.Provenance run =
        new CacheDocument.Provenance("loadtest", "load-1", now, now);
    Instant expires = now.plus(Duration.ofDays(1));
    List<String> keys = new ArrayList<>(count);
    List<CacheDocument> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String uid = "u" + (i / 7);
      CacheDocument doc = switch (i % 7) {
        case 0 -> doc("user:" + uid, TestDocuments.profile(uid), run, expires);
        case 1 -> doc("user:" + uid + ":stats",
            new UserStats(uid, i, i, 1, 1, 2, 2, 3, 40, 38, 0.5, 2), run, expires);
        case 2 -> doc("user:" + uid + ":tokens", new TokenBalance(uid, 100, 0, i % 100,
            100 - i % 100), run, expires);
        case 3 -> doc("feed:" + uid + ":0", feed(uid), run, expires);
        case 4 -> doc("chats:" + uid, new ChatList(uid, 0, 1, 1, List.of(new ChatList.Entry(
            "c" + i, TestDocuments.participant("x" + i), now,
            new ChatList.LastMessage("x" + i, "hey there", now, false), 2)), "v1-load"), run, expires);
        case 5 -> doc("post:p" + i, new PostCard("p" + i, uid, "User " + uid, "a post",
            List.of(new PostCard.Media("m" + i, "https://cdn.example/m" + i, 800, 600)), now),
            run, expires);
        default -> doc("media:m" + i, new MediaCard("m" + i, "p" + i, uid,
            "https://cdn.example/m" + i, 800, 600, now), run, expires);
      };
      keys.add(doc.key());
      batch.add(doc);
      if (batch.size() == 1000) {
        store.write(batch);
        batch.clear();
      }
    }
    store.write(batch);
    return keys;
  }

  /**
   * Every document preloaded into a map and answered as the memory layer: the ceiling of the HTTP
   * layer itself, with no store on the path (what a warm CacheClient approaches).
   */
  private static final class MemoryReads implements CachedReads {
    private final Map<String, CacheDocument> documents;

    MemoryReads(SqliteCacheStore store, List<String> keys) {
      documents = new java.util.HashMap<>(store.getAll(keys));
    }

    @Override
    public CacheRead get(String key) {
      CacheKey.parse(key);
      CacheDocument document = documents.get(key);
      return document == null ? CacheRead.missing(CacheRead.Layer.MEMORY)
          : new CacheRead(document, CacheRead.Layer.MEMORY, false);
    }

    @Override
    public Map<String, CacheRead> getAll(java.util.Collection<String> keys) {
      Map<String, CacheRead> reads = new java.util.LinkedHashMap<>();
      keys.forEach(key -> reads.put(key, get(key)));
      return reads;
    }

    @Override
    public void invalidate(String keyOrPrefix) {}

    @Override
    public void close() {}
  }

  private static FeedPage feed(String uid) {
    List<FeedPage.Candidate> candidates = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      candidates.add(new FeedPage.Candidate("c" + c, "Candidate " + c, 25 + c, "Lisbon", c,
          3, List.of("hiking", "jazz"), 1.0 - c / 10.0));
    }
    return new FeedPage(uid, 0, 1, 10, 10, candidates, "v1-load");
  }

  private static CacheDocument doc(String key, Object payload, CacheDocument.Provenance run,
      Instant expires) {
    return CacheDocument.of(CacheKey.parse(key), payload, run, expires);
  }
}
