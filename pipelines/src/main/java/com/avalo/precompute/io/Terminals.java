package com.avalo.precompute.io;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether a standard stream is a terminal, asked of JLine (which the progress bar library brings). */
public final class Terminals {
  static final String CLEAR_TO_END_OF_LINE = "\u001b[K";
  private static final int DEFAULT_WIDTH = 80;

  private Terminals() {}

  /** What a check found: a terminal and its width, or not a terminal. */
  public record Check(boolean isTerminal, int width) {}

  /**
   * Standard error, the stream progress goes to. {@code System.console()} would answer for
   * standard input and output instead, and so repaint into {@code 2>run.log}.
   */
  public static Check standardError() {
    try {
      // The exec provider asks the OS (test -t, stty) and needs no native library.
      TerminalProvider provider = TerminalProvider.load("exec");
      if (!provider.isSystemStream(SystemStream.Error)) {
        return new Check(false, DEFAULT_WIDTH);
      }
      int width = provider.systemStreamWidth(SystemStream.Error);
      return new Check(true, width > 0 ? width : columnsOrDefault());
    } catch (Exception | LinkageError e) {
      // Not knowing, plain lines are the safe choice: readable anywhere.
      return new Check(false, DEFAULT_WIDTH);
    }
  }

  private static int columnsOrDefault() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }
}
