package com.avalo.precompute.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;

/**
 * The one line an I/O failure that the user can fix deserves: a file or program that is not there
 * or may not be written, said with its path. Any other I/O failure (a JSON mapping error is an
 * IOException too) is a fault of the program and keeps its stack trace.
 */
final class PathProblem {
  private PathProblem() {}

  /** The line for {@code failure}, or empty when it is not a path the user gave that failed. */
  static Optional<String> of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // Our own code wraps a failed path in an UncheckedIOException whose message names it and
      // says what was being done; a bare wrap only repeats its cause.
      if (cause instanceof UncheckedIOException unchecked && unchecked.getCause() != null
          && !String.valueOf(unchecked.getMessage()).equals(unchecked.getCause().toString())) {
        return Optional.of(unchecked.getMessage());
      }
      if (cause instanceof FileSystemException path) {
        return Optional.of(describe(path));
      }
    }
    return Optional.empty();
  }

  /** {@code /proc/x: no such file or directory}: the JDK's own message has only the path. */
  private static String describe(FileSystemException path) {
    String reason = path.getReason() != null ? path.getReason()
        : path instanceof NoSuchFileException ? "no such file or directory"
        : path instanceof AccessDeniedException ? "permission denied"
        : path instanceof FileAlreadyExistsException ? "already exists"
        : path instanceof NotDirectoryException ? "not a directory"
        : path instanceof DirectoryNotEmptyException ? "directory not empty"
        : "cannot be used";
    return path.getFile() + (path.getOtherFile() == null ? "" : " -> " + path.getOtherFile()) + ": " + reason;
  }
}
