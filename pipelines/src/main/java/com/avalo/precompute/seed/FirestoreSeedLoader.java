package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.BulkWriterOptions;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads a seed export directory (the NDJSON files of {@link SeedGenerator}) into Firestore with
 * a {@link BulkWriter}.
 *
 * <p>Document ids are the records' {@code id}s, and every write is a {@code set}, so loading the
 * same directory twice leaves the same documents. Timestamp fields become Firestore timestamps
 * (for {@code lastReadAt}, the map's values do); {@code location} stays a map of two doubles;
 * messages go to {@code chats/{chatId}/messages/{id}} without their {@code chatId} field.
 *
 * <p>Writes go in windows of at most {@link #MAX_WINDOW} documents: each window is flushed and
 * awaited before the next starts. A window stays under BulkWriter's 500 pending writes, past which
 * it parks writes in a buffer of its own and releases them from completion callbacks. When the
 * last of them reach a batch after the flush has found the batch empty and stopped, that partial
 * batch is never sent and the load waits forever at 0% CPU: 4 of 60 stress loads with windows of
 * 2,000 or 5,000 hung so, each on a file's last window with its last few writes stuck in the
 * unsent batch, and none of 20 with windows of 500 ({@code bench/faults/RESULTS.md}). A window
 * that gets no answer for its stall timeout still fails the load with how far it got, and a window
 * with a failed write stops it with the document's path.
 */
public final class FirestoreSeedLoader {
  /**
   * BulkWriter's own limit of pending writes, past which it buffers (see the class comment): a
   * private constant of google-cloud-firestore 3.33.3, to check again on an upgrade.
   */
  public static final int MAX_WINDOW = 500;
  /** Writes per window: 20 of BulkWriter's batches of 20, with room under {@link #MAX_WINDOW}. */
  public static final int DEFAULT_WINDOW = 400;
  /**
   * How long the emulator may leave a window's writes unanswered: it answers a batch in
   * milliseconds, so a minute of silence is a stuck writer or an emulator that is gone.
   */
  public static final Duration EMULATOR_STALL_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The same for production Firestore, which may throttle: BulkWriter waits 60 s (±30%) before
   * retrying a write refused with RESOURCE_EXHAUSTED, and up to 60 s for other retryable errors.
   */
  public static final Duration PRODUCTION_STALL_TIMEOUT = Duration.ofMinutes(5);
  /** How often a waiting window looks for answers; short against either stall timeout. */
  private static final Duration PROGRESS_CHECK = Duration.ofSeconds(1);
  // Trailing tokens fail: readTree alone stops after a line's first value, so a second record on
  // the line (files concatenated without a final newline) would not be loaded, unseen.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Firestore firestore;
  private final BulkWriterOptions writerOptions;
  private final int window;
  private final Duration stallTimeout;

  /**
   * @param firestore where to write
   * @param writerOptions e.g. {@code BulkWriterOptions.builder().setThrottlingEnabled(false)}
   *     for the emulator; the default ramps up throttled, as production Firestore wants
   * @param window documents per window, 1 to {@link #MAX_WINDOW}
   * @param stallTimeout how long a window may go without a single write answered
   */
  public FirestoreSeedLoader(Firestore firestore, BulkWriterOptions writerOptions, int window,
      Duration stallTimeout) {
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("window must be 1-" + MAX_WINDOW + " documents (past "
          + MAX_WINDOW + ", BulkWriter buffers writes a flush can miss), was " + window);
    }
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout must be positive, was " + stallTimeout);
    }
    this.firestore = firestore;
    this.writerOptions = writerOptions;
    this.window = window;
    this.stallTimeout = stallTimeout;
  }

  /** Throttled like any production bulk load, and patient with throttling. */
  public FirestoreSeedLoader(Firestore firestore) {
    this(firestore, BulkWriterOptions.builder().build(), DEFAULT_WINDOW, PRODUCTION_STALL_TIMEOUT);
  }

  /** For the emulator: no ramp-up to respect, and {@link #EMULATOR_STALL_TIMEOUT}. */
  public static FirestoreSeedLoader forEmulator(Firestore emulator) {
    return new FirestoreSeedLoader(emulator,
        BulkWriterOptions.builder().setThrottlingEnabled(false).build(), DEFAULT_WINDOW,
        EMULATOR_STALL_TIMEOUT);
  }

  /**
   * The same loader, failing a window after {@code stallTimeout} without an answer: longer for a
   * production load that Firestore throttles hard, shorter where waiting buys nothing.
   */
  public FirestoreSeedLoader withStallTimeout(Duration stallTimeout) {
    return new FirestoreSeedLoader(firestore, writerOptions, window, stallTimeout);
  }

  /**
   * A client for the Firestore emulator at {@code host:port}.
   *
   * <p>It authenticates with the emulator's built-in owner token ({@code Bearer owner}) rather
   * than {@link com.google.cloud.NoCredentials}: BulkWriter sends {@code BatchWrite}, which the
   * emulator only accepts from an admin ("Batch writes require admin authentication"), and with
   * {@code NoCredentials} the client also bypasses the emulator channel and dials the options'
   * host. No real credential is involved either way.
   */
  public static Firestore emulatorClient(String projectId, String emulatorHost) {
    return FirestoreOptions.newBuilder()
        .setProjectId(projectId)
        .setEmulatorHost(emulatorHost)
        .setCredentials(new FirestoreOptions.EmulatorCredentials())
        .build()
        .getService();
  }

  /**
   * Loads every collection file present in {@code dir}, in {@link SeedCollection} order.
   *
   * @return documents written per collection (0 for a missing file), and the time it took
   * @throws IOException when the directory holds no seed file, a line is not JSON, a write fails,
   *     or a window goes unanswered for the stall timeout
   */
  public SeedSummary load(Path dir, SeedProgress progress) throws IOException {
    long started = System.nanoTime();
    Map<SeedCollection, Long> expected = expectedCounts(dir);
    Map<SeedCollection, Long> written = new EnumMap<>(SeedCollection.class);
    // BulkWriter's own thread is not a daemon and only its close() stops it, which a failed load
    // cannot risk (it waits for the writes that failed to come back); a thread of ours can go.
    ScheduledExecutorService executor = writerOptions.getExecutor() == null
        ? Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder()
            .setNameFormat("seed-bulk-writer-%d").setDaemon(true).build())
        : null;
    try {
      // One writer for the whole load: a new writer per window cost about a second a window on
      // the emulator, even unthrottled (5,000 writes in 10.4 s against 1.5 s with one writer).
      BulkWriter writer = firestore.bulkWriter(executor == null
          ? writerOptions : writerOptions.toBuilder().setExecutor(executor).build());
      for (SeedCollection collection : SeedCollection.values()) {
        Path file = dir.resolve(collection.fileName());
        if (Files.exists(file)) {
          written.put(collection, loadFile(collection, file, writer,
              new ProgressTicker(progress, "load " + collection.collectionName(),
                  expected.getOrDefault(collection, 0L))));
        }
      }
      close(writer);
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
    if (written.isEmpty()) {
      throw new IOException("no seed files (users.ndjson, ...) in " + dir.toAbsolutePath());
    }
    return new SeedSummary(written, Duration.ofNanos(System.nanoTime() - started));
  }

  private long loadFile(SeedCollection collection, Path file, BulkWriter writer,
      ProgressTicker ticker) throws IOException {
    List<Pending> pending = new ArrayList<>(window);
    long count = 0;
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode record = parse(line, file, lineNumber);
        DocumentReference document = documentFor(collection, record);
        pending.add(new Pending(document.getPath(),
            writer.set(document, fields(collection, record))));
        count++;
        if (pending.size() == window) {
          awaitWindow(writer, pending, file, lineNumber);
          ticker.advanceTo(count);
        }
      }
    }
    awaitWindow(writer, pending, file, lineNumber);
    ticker.finish();
    return count;
  }

  /**
   * Sends what is left of a window and waits for every write's answer, for as long as answers
   * keep coming: a throttled window may take minutes, a stalled one gives none.
   *
   * @param lastLine the file's line the window ends at, for the error
   */
  private void awaitWindow(BulkWriter writer, List<Pending> pending, Path file, long lastLine)
      throws IOException {
    ApiFuture<Void> flushed = writer.flush(); // completes once every write so far is answered
    long answered = answered(pending);
    long lastAnswerNanos = System.nanoTime();
    long checkMillis = Math.min(PROGRESS_CHECK.toMillis(), stallTimeout.toMillis());
    try {
      while (true) {
        try {
          flushed.get(checkMillis, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          long nowAnswered = answered(pending);
          if (nowAnswered > answered) {
            answered = nowAnswered;
            lastAnswerNanos = System.nanoTime();
          } else if (System.nanoTime() - lastAnswerNanos >= stallTimeout.toNanos()) {
            throw new IOException(String.format(Locale.ROOT,
                "writing %s stalled: no answer from Firestore"
                    + " for %d s, with %d of the %d writes up to line %d answered; is it up and"
                    + " reachable? The load is idempotent, rerun it", file.getFileName(),
                stallTimeout.toSeconds(), answered, pending.size(), lastLine));
          }
        }
      }
      for (Pending write : pending) {
        try {
          write.result().get();
        } catch (ExecutionException e) {
          throw new IOException("writing " + write.path() + " failed after BulkWriter's "
              + "retries: " + e.getCause().getMessage() + "; the load is idempotent, rerun it "
              + "once the cause is fixed", e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for Firestore writes");
    } catch (ExecutionException e) {
      // The flush's future never fails (each write's outcome is its own), but get() says it may.
      throw new IOException("flushing writes to Firestore failed: " + e.getCause(), e);
    }
    pending.clear();
  }

  /** Writes answered so far, whether written or refused. */
  private static long answered(List<Pending> pending) {
    return pending.stream().filter(write -> write.result().isDone()).count();
  }

  /** Closes a writer whose every window has been awaited, so nothing is left to wait for. */
  private static void close(BulkWriter writer) throws IOException {
    try {
      writer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while closing the Firestore bulk writer");
    } catch (ExecutionException e) {
      throw new IOException("closing the Firestore bulk writer failed: " + e.getCause(), e);
    }
  }

  private record Pending(String path, ApiFuture<WriteResult> result) {}

  private DocumentReference documentFor(SeedCollection collection, JsonNode record)
      throws IOException {
    String id = requiredText(record, "id");
    if (collection == SeedCollection.MESSAGES) {
      return firestore.collection(SeedCollection.CHATS.collectionName())
          .document(requiredText(record, "chatId"))
          .collection(SeedCollection.MESSAGES.collectionName())
          .document(id);
    }
    return firestore.collection(collection.collectionName()).document(id);
  }

  /**
   * The Firestore fields of a record: everything but {@code id} (and a message's
   * {@code chatId}), with timestamps as {@link Timestamp}s and integers as longs.
   */
  static Map<String, Object> fields(SeedCollection collection, JsonNode record)
      throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("id") || (collection == SeedCollection.MESSAGES && name.equals("chatId"))) {
        continue;
      }
      if (collection.timestampFields().contains(name)) {
        fields.put(name, timestamps(name, value));
      } else if (name.equals("location")) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", value.path("lat").doubleValue());
        location.put("lng", value.path("lng").doubleValue());
        fields.put(name, location);
      } else {
        fields.put(name, plain(value));
      }
    }
    return fields;
  }

  /** A timestamp, or for a map such as {@code lastReadAt}, a map of timestamps. */
  private static Object timestamps(String name, JsonNode value) throws IOException {
    try {
      if (value.isObject()) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          map.put(entry.getKey(), Timestamp.parseTimestamp(entry.getValue().asText()));
        }
        return map;
      }
      return Timestamp.parseTimestamp(value.asText());
    } catch (RuntimeException e) {
      throw new IOException("field " + name + " is not an RFC 3339 timestamp: " + value, e);
    }
  }

  private static Object plain(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>(value.size());
      value.forEach(element -> list.add(plain(element)));
      return list;
    }
    if (value.isIntegralNumber()) {
      return value.longValue(); // Firestore integers are 64-bit
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.isNull() ? null : value.asText();
  }

  static JsonNode parse(String line, Path file, long lineNumber) throws IOException {
    try {
      JsonNode record = MAPPER.readTree(line);
      if (!record.isObject()) {
        throw new IOException(file.getFileName() + ":" + lineNumber + " is not a JSON object");
      }
      return record;
    } catch (JsonProcessingException e) {
      throw new IOException(file.getFileName() + ":" + lineNumber + " is not JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static String requiredText(JsonNode record, String field) throws IOException {
    String value = record.path(field).asText("");
    if (value.isEmpty() || value.contains("/")) {
      throw new IOException("record has no usable " + field + " (required, no '/'): " + record);
    }
    return value;
  }

  /** Totals for the progress bar: the manifest's counts when there is one, else none. */
  private static Map<SeedCollection, Long> expectedCounts(Path dir) throws IOException {
    Map<SeedCollection, Long> counts = new EnumMap<>(SeedCollection.class);
    Path manifest = dir.resolve(SeedGenerator.MANIFEST);
    if (Files.exists(manifest)) {
      JsonNode declared = MAPPER.readTree(manifest.toFile()).path("counts");
      for (SeedCollection collection : SeedCollection.values()) {
        counts.put(collection, declared.path(collection.collectionName()).asLong(0));
      }
    }
    return counts;
  }
}
