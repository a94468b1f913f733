package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Small files under a state location, local or {@code gs://}, through Beam's {@link FileSystems}
 * so that the launcher and the workers reach the same place. Paths join with '/', as both kinds
 * of location do.
 */
final class ManifestFiles {
  private ManifestFiles() {}

  /** {@code base} and {@code parts} joined with '/'. */
  static String join(String base, String... parts) {
    StringBuilder path = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    for (String part : parts) {
      path.append('/').append(part);
    }
    return path.toString();
  }

  /** The directory part of {@code path}. */
  static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  /** The file's bytes as UTF-8 text, or empty when there is no such file. */
  static Optional<String> readIfExists(String path) {
    if (size(path).isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource(path)))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file with {@code text}: written beside it, then renamed over it. */
  static void writeReplacing(String path, String text) {
    String temporary = path + ".tmp-" + Long.toHexString(System.nanoTime());
    try {
      ResourceId target = resource(path);
      ResourceId staging = resource(temporary);
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(staging, MimeTypes.TEXT))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      FileSystems.rename(List.of(staging), List.of(target),
          MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's size, or empty when there is no such file.
   *
   * @throws UncheckedIOException when the file system cannot say (a 403 or 503 from GCS): read
   *     as missing, a state file that was there read as empty, and the next write of it kept
   *     only the current run's record
   */
  static Optional<Long> size(String path) {
    MatchResult match;
    try {
      match = FileSystems.match(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell whether " + path + " exists: " + e.getMessage(),
          e);
    }
    return sizeOf(path, match);
  }

  /** What {@code match}, the answer of a match of {@code path}, says of its size; see {@link #size}. */
  static Optional<Long> sizeOf(String path, MatchResult match) {
    try {
      if (match.status() == MatchResult.Status.NOT_FOUND) {
        return Optional.empty();
      }
      // metadata() throws the file system's own error for any status but OK.
      List<MatchResult.Metadata> found = match.metadata();
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).sizeBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell whether " + path + " exists ("
          + match.status() + "): " + e.getMessage(), e);
    }
  }

  /** Hands {@code action} every line of the gzip'd text file at {@code path}. */
  static void forEachGzipLine(String path, Consumer<String> action) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Channels.newInputStream(FileSystems.open(resource(path)))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        action.accept(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest shard " + path + ": " + e.getMessage(), e);
    }
  }

  /** The first line of the gzip'd text file at {@code path} that {@code wanted} accepts. */
  static Optional<String> firstGzipLine(String path, Predicate<String> wanted) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Channels.newInputStream(FileSystems.open(resource(path)))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (wanted.test(line)) {
          return Optional.of(line);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest shard " + path + ": " + e.getMessage(), e);
    }
  }

  /** The stamp of one line of a manifest shard. */
  static DocumentStamp stamp(String line) {
    return Json.MAPPER.convertValue(Json.read(line), DocumentStamp.class);
  }

  /** The hex SHA-256 of the file's bytes. */
  static String sha256(String path) {
    try (InputStream in = new DigestInputStream(
        Channels.newInputStream(FileSystems.open(resource(path))), sha256())) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // reading is hashing
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  static ResourceId resource(String path) {
    return FileSystems.matchNewResource(path, false);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
