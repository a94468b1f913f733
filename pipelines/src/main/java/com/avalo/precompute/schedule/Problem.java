package com.avalo.precompute.schedule;

/**
 * One thing wrong with a schedules file, where it is.
 *
 * @param file the file as the user named it
 * @param line the 1-based line
 * @param message what is wrong and, where it helps, what to write instead
 */
public record Problem(String file, int line, String message) {
  /** {@code FILE:LINE: message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }

  /** The first line of a library's message, which may go on with a stack of details. */
  static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }
}
