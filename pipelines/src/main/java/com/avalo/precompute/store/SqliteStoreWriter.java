package com.avalo.precompute.store;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import com.avalo.precompute.serving.store.RenderedDocument;
import com.avalo.precompute.serving.store.SqliteStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a run into the embedded store through its {@link CacheStore}, and its dead letters as
 * NDJSON files ({@code DIR/<runId>/dead-letters-*.ndjson}, DIR next to the store file unless
 * given). A failed SQLite write fails the run: the file is local, so a failure is the disk's or
 * the file's, not one document's.
 */
final class SqliteStoreWriter implements StoreWriter {
  private final SqliteStoreSpec spec;
  private final Path deadLetterDir;

  /** {@code deadLetterDir} null means {@code dead-letters} next to the store file. */
  SqliteStoreWriter(SqliteStoreSpec spec, Path deadLetterDir) {
    this.spec = spec;
    this.deadLetterDir = deadLetterDir != null ? deadLetterDir.toAbsolutePath()
        : spec.path().getParent().resolve("dead-letters");
  }

  /** Also checks that the dead letters can be written: found at the end, it cost the run's letters. */
  @Override
  public void checkReachable() {
    spec.open().close(); // opening checks that it answers
    checkWritableDirectory(deadLetterDir);
  }

  @Override
  public void checkReadable() {
    spec.open().close();
  }

  @Override
  public void refuseForeignStore() {
    spec.refuseForeignFile();
  }

  /**
   * Checks that files can be made under {@code directory}, making it and its missing parents and
   * a file in it, then removing what it made, so that a run that has no dead letters leaves none
   * of it behind.
   *
   * @throws IllegalArgumentException saying why not
   */
  static void checkWritableDirectory(Path directory) {
    Deque<Path> made = new ArrayDeque<>();
    try {
      Deque<Path> missing = new ArrayDeque<>();
      for (Path path = directory; path != null && !Files.exists(path); path = path.getParent()) {
        missing.push(path);
      }
      for (Path path : missing) {
        Files.createDirectory(path);
        made.push(path);
      }
      Files.delete(Files.createTempFile(directory, ".write-check-", ""));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the run's dead letters under " + directory
          + " (--dead-letter-dir, by default next to the store file): " + e, e);
    } finally {
      for (Path path : made) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException notEmpty) {
          // Something else wrote there meanwhile; it is theirs to keep.
        }
      }
    }
  }

  @Override
  public PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> writeDocuments() {
    return new WriteThroughCacheStore(spec);
  }

  @Override
  public Set<String> holding(List<String> keys) {
    return fileMade() ? StoreWriters.holding(spec, keys) : Set.of();
  }

  @Override
  public Optional<CacheDocument> firstWithPrefix(String prefix) {
    return fileMade() ? StoreWriters.firstWithPrefix(spec, prefix) : Optional.empty();
  }

  @Override
  public Map<String, LastWriter> lastWriters(List<String> jobs) {
    return fileMade() ? StoreWriters.lastWriters(spec, jobs) : Map.of();
  }

  /**
   * Whether the store file exists. The plan asks the store these questions before the run makes
   * a missing one: opening it to answer would make the file (in the marks' settings, not the
   * cache store's page size), left empty if the run is then refused (a missing input), for 'get'
   * to take for a store. A missing store holds nothing.
   */
  private boolean fileMade() {
    return Files.isRegularFile(spec.path());
  }

  @Override
  public Optional<LastWriter> markWriting(Map<String, LastWriter> seen, List<LastWriter> marks) {
    return StoreWriters.markWriting(spec, seen, marks);
  }

  @Override
  public PTransform<PCollection<String>, PCollection<String>> markOverlappedJobs(
      List<LastWriter> ours) {
    return new MarkOverlappedJobs(spec, describe(), ours);
  }

  @Override
  public PTransform<PBegin, PCollection<DocumentStamp>> readStamps(String job) {
    return new ReadStoredStamps(spec, job);
  }

  @Override
  public String defaultStateLocation() {
    return spec.path().resolveSibling(spec.path().getFileName() + ".state").toString();
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<String>> writeDeadLetters(String runId) {
    return new WriteDeadLetterFiles(deadLetterDir.resolve(runId).resolve("dead-letters").toString());
  }

  @Override
  public Optional<Path> localDeadLetterDirectory() {
    return Optional.of(deadLetterDir);
  }

  @Override
  public String deadLetterLocation(String runId) {
    return deadLetterDir.resolve(runId).toString();
  }

  @Override
  public String describe() {
    return spec.toString();
  }

  /** Puts and deletes through the store's own interface, in batches, one transaction each. */
  static final class WriteThroughCacheStore
      extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
    private final StoreSpec spec;

    WriteThroughCacheStore(StoreSpec spec) {
      this.spec = spec;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
      // The write step's own (empty) output, so that waiting on it waits for the writes.
      return writes.apply("WriteBatches", ParDo.of(new WriteBatchesFn(spec)))
          .setCoder(RecordCoder.of(DeadLetter.class));
    }
  }

  /**
   * Writes in batches of {@link #BATCH}. DoFn instances are many and SQLite wants few
   * connections, so they all write through one shared handle per store file and JVM, given back
   * when the instance is torn down.
   */
  static final class WriteBatchesFn extends DoFn<CacheWrite, DeadLetter> {
    private static final int BATCH = 500;

    private final StoreSpec spec;
    private final Map<String, Counter> writtenByJob = new HashMap<>();
    private final Counter deleted = WriteCounters.deleted();
    private transient CacheStore store;
    private transient List<RenderedDocument> puts;
    private transient Map<String, Long> putsByJob;
    private transient List<String> deletes;

    WriteBatchesFn(StoreSpec spec) {
      this.spec = spec;
    }

    @Setup
    public void setUp() {
      store = spec.openShared();
    }

    @StartBundle
    public void start() {
      puts = new ArrayList<>();
      putsByJob = new HashMap<>();
      deletes = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element CacheWrite write) {
      if (write.isDelete()) {
        deletes.add(write.key());
      } else {
        puts.add(write.rendered());
        putsByJob.merge(write.job(), 1L, Long::sum);
      }
      if (puts.size() + deletes.size() >= BATCH) {
        flush();
      }
    }

    @FinishBundle
    public void finish() {
      flush();
    }

    @Teardown
    public void tearDown() {
      if (store != null) {
        store.close();
      }
    }

    private void flush() {
      store.writeRendered(puts);
      store.delete(deletes);
      putsByJob.forEach(
          (job, count) -> writtenByJob.computeIfAbsent(job, WriteCounters::writtenBy).inc(count));
      deleted.inc(deletes.size());
      puts.clear();
      putsByJob.clear();
      deletes.clear();
    }
  }

  /** One NDJSON file of dead letters under {@code prefix}; outputs its name once it is in place. */
  static final class WriteDeadLetterFiles
      extends PTransform<PCollection<DeadLetter>, PCollection<String>> {
    private final String prefix;

    WriteDeadLetterFiles(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public PCollection<String> expand(PCollection<DeadLetter> letters) {
      return letters
          .apply("ToJsonLines", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::toJson))
          .apply("WriteFiles", TextIO.write().to(prefix).withSuffix(".ndjson").withNumShards(1)
              .withOutputFilenames())
          .getPerDestinationOutputFilenames()
          .apply("FileNames", Values.create());
    }
  }
}
