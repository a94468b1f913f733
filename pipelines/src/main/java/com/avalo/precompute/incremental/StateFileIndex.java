package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * A {@link ManifestIndex} kept as one small JSON file per job, {@code STATE_LOCATION/state/JOB.json}:
 * a list of that job's {@link ManifestRecord}s, rewritten whole (beside itself, then renamed over)
 * on every change.
 *
 * <p>A file per job, because different jobs of one store do run at the same instant (a schedule
 * starts chats and counts at :00, each its own Dataflow job recording from its own workers): with
 * one file for all, each rewrote the others' records as it had read them, so one job's record
 * could go back to "started" or vanish. Two runs of the same job on one state location at once are
 * refused on this machine ({@link StateLock}); on a {@code gs://} location (not locked), should
 * two record at the same instant, one's record can still be lost, which the next run treats as a
 * run that never committed (it reads its keys from the store), never as a manifest to trust.
 *
 * <p>Before this layout, every record was in {@code STATE_LOCATION/state.json}. That file is still
 * read, never written: a job's own file adds to it and, for the same run, overrides it.
 */
public final class StateFileIndex implements ManifestIndex {
  /** The single file of every job's records that earlier versions kept; read, never written. */
  public static final String LEGACY_FILE_NAME = "state.json";
  /** The directory under the state location that holds a file per job. */
  public static final String DIRECTORY = "state";
  /** Records kept per (job, store): enough for {@code precompute diff} over recent runs. */
  static final int KEPT_PER_JOB = 50;

  private static final TypeReference<List<ManifestRecord>> RECORDS = new TypeReference<>() {};

  private final String location;

  /** The index in {@code stateLocation} (a directory or {@code gs://} prefix). */
  public StateFileIndex(String stateLocation) {
    this.location = stateLocation;
  }

  /** The file that holds {@code job}'s records. */
  public String file(String job) {
    return ManifestFiles.join(location, DIRECTORY, job + ".json");
  }

  @Override
  public String describe() {
    return ManifestFiles.join(location, DIRECTORY, "JOB.json");
  }

  /** The run's own files: {@code state/chats.json}, or {@code state/{chats,counts}.json}. */
  @Override
  public String describe(List<String> jobs) {
    String names = jobs.size() == 1 ? jobs.get(0) : "{" + String.join(",", jobs) + "}";
    return ManifestFiles.join(location, DIRECTORY, names + ".json");
  }

  @Override
  public Optional<ManifestRecord> latest(String job, String store) {
    List<ManifestRecord> all = ofJob(job);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).store().equals(store)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ManifestRecord> ofRun(String runId) {
    return read().stream().filter(record -> record.runId().equals(runId)).toList();
  }

  @Override
  public synchronized void recordStarted(List<ManifestRecord> started) {
    byJob(started).forEach((job, records) -> {
      List<ManifestRecord> own = new ArrayList<>(readFile(file(job)));
      own.addAll(records);
      write(file(job), own);
    });
  }

  @Override
  public synchronized void recordEnded(List<ManifestRecord> ended) {
    byJob(ended).forEach((job, records) -> {
      List<ManifestRecord> own = new ArrayList<>(readFile(file(job)));
      for (ManifestRecord record : records) {
        boolean replaced = false;
        for (int i = 0; i < own.size(); i++) {
          if (sameRun(own.get(i), record)) {
            own.set(i, record);
            replaced = true;
          }
        }
        if (!replaced) {
          // Started before its job had a file of its own (in the legacy file), or its start was lost.
          own.add(record);
        }
      }
      write(file(job), own);
    });
  }

  /**
   * Every record, each job's oldest first.
   *
   * @throws IllegalArgumentException when a file is not a state file, naming it
   */
  List<ManifestRecord> read() {
    List<ManifestRecord> legacy = readFile(legacyFile());
    Map<String, List<ManifestRecord>> own = new LinkedHashMap<>();
    legacy.forEach(record -> own.putIfAbsent(record.job(), List.of()));
    for (String file : jobFiles()) {
      own.putAll(byJob(readFile(file)));
    }
    List<ManifestRecord> all = new ArrayList<>();
    own.forEach((job, records) -> all.addAll(ofJob(legacy, job, records)));
    return all;
  }

  /** {@code job}'s records, oldest first: the legacy file's and those of its own file. */
  private List<ManifestRecord> ofJob(String job) {
    return ofJob(readFile(legacyFile()), job, readFile(file(job)));
  }

  /**
   * In the order the runs started, not file by file: an earlier build, run again after this one
   * (a rollback), adds its runs to the legacy file, and those are then the newest records of the
   * store. The sort is stable, so records of one start keep their files' order.
   */
  private static List<ManifestRecord> ofJob(List<ManifestRecord> legacy, String job,
      List<ManifestRecord> own) {
    List<ManifestRecord> records = new ArrayList<>();
    legacy.stream().filter(old -> old.job().equals(job))
        .filter(old -> own.stream().noneMatch(newer -> sameRun(old, newer)))
        .forEach(records::add);
    own.stream().filter(record -> record.job().equals(job)).forEach(records::add);
    records.sort(Comparator.comparing(ManifestRecord::startedAt,
        Comparator.nullsFirst(Comparator.naturalOrder())));
    return records;
  }

  private static boolean sameRun(ManifestRecord a, ManifestRecord b) {
    return a.runId().equals(b.runId()) && a.job().equals(b.job()) && a.store().equals(b.store());
  }

  private static Map<String, List<ManifestRecord>> byJob(List<ManifestRecord> records) {
    Map<String, List<ManifestRecord>> jobs = new LinkedHashMap<>();
    records.forEach(record -> jobs.computeIfAbsent(record.job(), job -> new ArrayList<>()).add(record));
    return jobs;
  }

  private String legacyFile() {
    return ManifestFiles.join(location, LEGACY_FILE_NAME);
  }

  /** The per-job files present, in name order. */
  private List<String> jobFiles() {
    String directory = ManifestFiles.join(location, DIRECTORY);
    if (!location.contains("://")) {
      // Listed, not matched: Beam would read a directory named like "runs[1]" as a pattern.
      Path local = Path.of(directory);
      if (!Files.isDirectory(local)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(local)) {
        return files.filter(file -> file.getFileName().toString().endsWith(".json"))
            .map(Path::toString).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
      }
    }
    String pattern = directory + "/*.json";
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      return match.metadata().stream().map(file -> file.resourceId().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }

  private static List<ManifestRecord> readFile(String file) {
    Optional<String> text = ManifestFiles.readIfExists(file);
    if (text.isEmpty()) {
      return List.of();
    }
    String problem;
    try {
      List<ManifestRecord> records = Json.MAPPER.readValue(text.get(), RECORDS);
      // JSON null reads as a null list, [null] as a null record: both failed later as a bare
      // NullPointerException.
      if (records != null && !records.contains(null)) {
        return records;
      }
      problem = records == null ? "it is null" : "it holds a null record";
    } catch (Exception e) {
      problem = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
    throw new IllegalArgumentException(file + " is not a state file of run manifests (" + problem
        + "); move it aside to start afresh (the next run of its jobs then reads their keys from"
        + " the store)");
  }

  private static void write(String file, List<ManifestRecord> records) {
    List<ManifestRecord> kept = new ArrayList<>();
    // Oldest records of a (job, store) past KEPT_PER_JOB are dropped; their files stay.
    for (int i = records.size() - 1; i >= 0; i--) {
      ManifestRecord record = records.get(i);
      long newer = kept.stream().filter(k -> k.job().equals(record.job())
          && k.store().equals(record.store())).count();
      if (newer < KEPT_PER_JOB) {
        kept.add(record);
      }
    }
    kept.sort(Comparator.comparing(records::indexOf));
    ManifestFiles.writeReplacing(file, Json.writePretty(kept));
  }
}
