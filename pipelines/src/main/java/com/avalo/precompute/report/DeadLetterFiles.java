package com.avalo.precompute.report;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.report.RunRecord.DeadLetterCount;
import com.avalo.precompute.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runs a local store has seen, from the dead-letter directory every local run writes
 * ({@code dead-letters/<runId>/dead-letters-*.ndjson}, empty when nothing was dead-lettered):
 * each run's id, when its files were written, and its dead letters by collection and reason.
 * Durations, document counts and costs are not in these files: the run ledger will have them.
 */
public final class DeadLetterFiles implements RunHistory {
  private final Path directory;

  public DeadLetterFiles(Path directory) {
    this.directory = directory;
  }

  /**
   * The runs by hand of a Firestore store, which keeps their dead letters in Firestore: none that
   * this report can list. Not the files under the current directory, which belong to local runs
   * of another store.
   */
  public static RunHistory keptInFirestore() {
    return new RunHistory() {
      @Override
      public List<RunRecord> newest(int limit) {
        return List.of();
      }

      @Override
      public String describe() {
        return "no dead-letter files (runs on Firestore keep their dead letters in Firestore)";
      }

      @Override
      public List<String> limitations() {
        return List.of("Runs on Firestore keep their dead letters in Firestore, which this report"
            + " does not read, and runs started by hand are not in the run ledger: this report"
            + " lists the scheduled runs only. Give --dead-letter-dir to list the runs whose dead"
            + " letters were written to files there.");
      }
    };
  }

  @Override
  public List<RunRecord> newest(int limit) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> runs = Files.list(directory)) {
      return runs.filter(Files::isDirectory).map(DeadLetterFiles::read)
          .sorted(Comparator.comparing(RunRecord::recordedAt).reversed()
              .thenComparing(RunRecord::runId))
          .limit(limit).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the runs in " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "the dead-letter files of local runs under " + directory;
  }

  @Override
  public List<String> limitations() {
    List<String> said = new ArrayList<>(List.of("Runs started by hand are not in the run ledger, so "
        + "this report knows of each only its id, when its dead-letter files were written and its "
        + "dead letters. Their duration, records read, documents written, unchanged and deleted "
        + "and estimated cost are printed once, in the run's summary."));
    if (!Files.isDirectory(directory)) {
      said.add("There is no dead-letter directory at " + directory + ": no local run has written "
          + "to this store here (runs on Firestore keep their dead letters in Firestore, which "
          + "this report does not read), or --dead-letter-dir points elsewhere.");
    }
    return said;
  }

  private static RunRecord read(Path run) {
    Comparator<Kind> order = Comparator.comparing(Kind::collection).thenComparing(Kind::reason);
    Map<Kind, long[]> counts = new TreeMap<>(order);
    Map<Kind, String> examples = new TreeMap<>(order);
    Instant written = lastModified(run);
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dead-letters"))
          .sorted().toList()) {
        written = max(written, lastModified(file));
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          String collection;
          String reason;
          try {
            DeadLetter letter = Json.MAPPER.readValue(line, DeadLetter.class);
            collection = letter.collection();
            reason = letter.reason();
          } catch (IOException e) {
            collection = "(unreadable line)";
            reason = "not a dead-letter record: " + file.getFileName();
          }
          Kind key = new Kind(String.valueOf(collection), ReasonKinds.of(reason));
          counts.computeIfAbsent(key, k -> new long[1])[0]++;
          examples.putIfAbsent(key, reason);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dead letters in " + run + ": " + e.getMessage(), e);
    }
    List<DeadLetterCount> letters = new ArrayList<>();
    counts.forEach((key, count) -> letters.add(
        new DeadLetterCount(key.collection(), key.reason(), count[0], examples.get(key))));
    return RunRecord.fromDeadLetters(run.getFileName().toString(), written, letters);
  }

  private record Kind(String collection, String reason) {}

  private static Instant lastModified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
