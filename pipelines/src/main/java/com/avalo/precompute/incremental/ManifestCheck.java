package com.avalo.precompute.incremental;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a manifest can be trusted, from its header and its files alone, before any
 * pipeline is built: it must be there, parse, belong to the job and store asked for, and every
 * shard must have the size and checksum the header gives. Any doubt is a problem, never a guess.
 */
public final class ManifestCheck {
  private ManifestCheck() {}

  /** A manifest that passed, with the paths of its shards. */
  public record Trusted(String headerPath, ManifestHeader header, List<String> shardPaths) {}

  /**
   * The manifest whose header is at {@code headerPath}, checked for {@code job} on {@code store}.
   *
   * @return the trusted manifest, or a problem naming the manifest and what is wrong
   */
  public static Result check(String headerPath, String job, String store) {
    try {
      return checkReadable(headerPath, job, store);
    } catch (java.io.UncheckedIOException e) {
      // Not "missing": the run then reads the store, and says why.
      return Result.problem("manifest " + headerPath + " cannot be read: " + e.getMessage());
    }
  }

  private static Result checkReadable(String headerPath, String job, String store) {
    Optional<String> text = ManifestFiles.readIfExists(headerPath);
    if (text.isEmpty()) {
      return Result.problem("manifest " + headerPath + " is missing");
    }
    ManifestHeader header;
    try {
      header = ManifestHeader.parse(text.get());
    } catch (IllegalArgumentException e) {
      return Result.problem("manifest " + headerPath + " is truncated or not a manifest: "
          + e.getMessage());
    }
    if (!header.job().equals(job) || !header.store().equals(store)) {
      return Result.problem("manifest " + headerPath + " is of job '" + header.job()
          + "' on store " + header.store() + ", not of job '" + job + "' on store " + store
          + ": refused");
    }
    String directory = ManifestFiles.parent(headerPath);
    List<String> shardPaths = new ArrayList<>();
    long keys = 0;
    for (ManifestHeader.Shard shard : header.shards()) {
      String path = ManifestFiles.join(directory, shard.file());
      Optional<Long> size = ManifestFiles.size(path);
      if (size.isEmpty()) {
        return Result.problem("manifest " + headerPath + ": shard " + shard.file() + " is missing");
      }
      if (size.get() != shard.bytes()) {
        return Result.problem("manifest " + headerPath + ": shard " + shard.file() + " is "
            + size.get() + " bytes, the header says " + shard.bytes() + " (truncated?)");
      }
      if (!ManifestFiles.sha256(path).equals(shard.sha256())) {
        return Result.problem("manifest " + headerPath + ": shard " + shard.file()
            + " does not have the checksum the header gives (altered since it was written)");
      }
      shardPaths.add(path);
      keys += shard.keys();
    }
    if (keys != header.keyCount()) {
      return Result.problem("manifest " + headerPath + ": its shards hold " + keys
          + " keys, the header says " + header.keyCount());
    }
    return new Result(new Trusted(headerPath, header, List.copyOf(shardPaths)), null);
  }

  /** A trusted manifest, or why not. */
  public record Result(Trusted trusted, String problem) {
    static Result problem(String why) {
      return new Result(null, why);
    }

    public boolean isTrusted() {
      return trusted != null;
    }
  }
}
