package com.avalo.precompute.serving.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Hot keys in a local file, one per line, replaced whole so a reader never sees half a list. */
public final class FileHotKeys implements HotKeys {
  private final Path file;

  public FileHotKeys(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public List<String> load() {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank()).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the hot keys in " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(List<String> keys) {
    try {
      Path parent = file.getParent();
      Files.createDirectories(parent);
      Path written = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      Files.write(written, keys, StandardCharsets.UTF_8);
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the hot keys to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "file " + file;
  }
}
