package com.avalo.precompute.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cuts an NDJSON file into byte ranges of whole lines that can be read apart and still number
 * their lines as the whole file does, so that a dead letter says {@code likes.ndjson:1234567}
 * whichever worker read it. Lines end with {@code \n}; a {@code \r} before it is dropped, as in
 * {@code \r\n}. Planning reads the file once, counting line ends only (no decoding); reading a
 * split decodes each line from UTF-8 on its own.
 */
final class LineSplits {
  private static final int BUFFER_BYTES = 1 << 20;
  /**
   * The longest line read as a record: 16 times Firestore's largest document, room for any export
   * of one (escapes, base64) while a file that is no NDJSON (one 2 GB line) cannot exhaust memory.
   */
  static final int MAX_LINE_BYTES = 16 << 20;
  /** What is kept of a longer line, for its dead letter (which quotes at most 10,000 characters). */
  static final int KEPT_BYTES = 64 << 10;

  private LineSplits() {}

  /** Lines {@code [start, end)} of one file, the first of them numbered {@code firstLine}. */
  record Split(String resource, long start, long end, long firstLine) implements Serializable {}

  /**
   * Splits of {@code resource} about {@code targetBytes} long each, cut after the first line end
   * at or past each target, so that no line is ever cut in two.
   */
  static List<Split> plan(String resource, ReadableByteChannel channel, long targetBytes)
      throws IOException {
    List<Split> splits = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    byte[] bytes = buffer.array();
    long position = 0;
    long lineEnds = 0;
    long splitStart = 0;
    long splitFirstLine = 1;
    long cutAtOrAfter = targetBytes;
    int read;
    while ((read = channel.read(buffer.clear())) != -1) {
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          lineEnds++;
          long afterLine = position + i + 1;
          if (afterLine >= cutAtOrAfter) {
            splits.add(new Split(resource, splitStart, afterLine, splitFirstLine));
            splitStart = afterLine;
            splitFirstLine = lineEnds + 1;
            cutAtOrAfter = afterLine + targetBytes;
          }
        }
      }
      position += read;
    }
    if (position > splitStart || splits.isEmpty()) {
      splits.add(new Split(resource, splitStart, position, splitFirstLine));
    }
    return splits;
  }

  /**
   * Hands each non-blank line of {@code split} to {@code each} with its line number, and why it is
   * not UTF-8 if it is not; the channel is already at {@code split.start()}.
   */
  static void read(Split split, ReadableByteChannel channel, LineConsumer each) throws IOException {
    read(split, channel, MAX_LINE_BYTES, each);
  }

  /**
   * {@link #read(Split, ReadableByteChannel, LineConsumer)} with a line limit: a longer line is
   * handed over as its first {@link #KEPT_BYTES} and a problem saying how long it is, and the rest
   * of it is never held in memory.
   */
  static void read(Split split, ReadableByteChannel channel, int maxLineBytes, LineConsumer each)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    byte[] bytes = buffer.array();
    Line line = new Line();  // the start of a line that runs past the buffer
    long remaining = split.end() - split.start();
    long lineNumber = split.firstLine();
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(BUFFER_BYTES, remaining));
      int read = channel.read(buffer);
      if (read == -1) {
        throw new IOException(split.resource() + " ended " + remaining
            + " bytes before its planned split did: was it changed while being read?");
      }
      remaining -= read;
      int lineStart = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] != '\n') {
          continue;
        }
        if (line.total == 0 && i - lineStart <= maxLineBytes) {
          emit(bytes, lineStart, i - lineStart, lineNumber, each);
        } else {
          line.add(bytes, lineStart, i - lineStart, maxLineBytes);
          line.emit(lineNumber, maxLineBytes, each);
        }
        lineNumber++;
        lineStart = i + 1;
      }
      if (lineStart < read) {
        line.add(bytes, lineStart, read - lineStart, maxLineBytes);
      }
    }
    if (line.total > 0) {
      line.emit(lineNumber, maxLineBytes, each);
    }
  }

  /**
   * A line that runs past a buffer: all of its bytes while it is within the limit, only its first
   * {@link #KEPT_BYTES} once it is over (its length still counted).
   */
  private static final class Line {
    byte[] bytes = new byte[0];
    int length;
    long total;

    void add(byte[] from, int offset, int count, int maxLineBytes) {
      total += count;
      int wanted = total <= maxLineBytes ? count : Math.max(0, Math.min(count, KEPT_BYTES - length));
      if (total > maxLineBytes && length > KEPT_BYTES) {
        length = KEPT_BYTES;  // it just went over: keep only the start
      }
      bytes = append(bytes, length, from, offset, wanted);
      length += wanted;
    }

    void emit(long lineNumber, int maxLineBytes, LineConsumer each) {
      if (total <= maxLineBytes) {
        LineSplits.emit(bytes, 0, length, lineNumber, each);
      } else {
        each.accept(lineNumber, new String(bytes, 0, utf8Boundary(bytes, length), StandardCharsets.UTF_8),
            "line is " + total + " bytes, over the " + maxLineBytes + "-byte limit of one record (a"
                + " Firestore document is at most 1 MiB): not a record, but two or more run"
                + " together or a file that is not NDJSON; the rest of it was not read into memory");
      }
      length = 0;  // the array stays, for the next line that runs past a buffer
      total = 0;
    }
  }

  /** The longest prefix of {@code bytes}' first {@code length} that does not end inside a character. */
  private static int utf8Boundary(byte[] bytes, int length) {
    int end = length;
    while (end > 0 && end > length - 4 && (bytes[end - 1] & 0xC0) == 0x80) {
      end--;
    }
    // bytes[end - 1] now starts a character (or is ASCII): keep it only if it is whole.
    if (end > 0 && (bytes[end - 1] & 0x80) != 0) {
      int lead = bytes[end - 1] & 0xFF;
      int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      return end - 1 + size <= length ? end - 1 + size : end - 1;
    }
    return length;
  }

  /**
   * Receives one line, its 1-based number in the file, and why it is not text (null when its bytes
   * are UTF-8; else the line holds U+FFFD where they are not).
   */
  @FunctionalInterface
  interface LineConsumer {
    void accept(long lineNumber, String line, String notUtf8);
  }

  /** {@code partial}'s first {@code length} bytes, then {@code count} of {@code from}'s; grows it. */
  private static byte[] append(byte[] partial, int length, byte[] from, int offset, int count) {
    byte[] target = partial;
    if (length + count > partial.length) {
      target = Arrays.copyOf(partial, Math.max(length + count, partial.length * 2));
    }
    System.arraycopy(from, offset, target, length, count);
    return target;
  }

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private static void emit(byte[] bytes, int offset, int length, long lineNumber,
      LineConsumer each) {
    if (length > 0 && bytes[offset + length - 1] == '\r') {
      length--;
    }
    String line = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) {
      // Editors and Windows tools write it at a file's start; left in, it made the first record a
      // dead letter and every record referring to it a dangling reference.
      line = line.substring(BYTE_ORDER_MARK.length());
    }
    if (!line.isBlank()) {
      // Decoding puts U+FFFD for bytes that are not UTF-8 (an export written in Latin-1): "Zoë"
      // went on as "Zo\uFFFD" into every document of that user, unseen. Only a line holding
      // U+FFFD needs the strict check, as the character is itself valid UTF-8.
      int malformed = line.indexOf('\uFFFD') < 0 ? -1 : firstMalformedByte(bytes, offset, length);
      each.accept(lineNumber, line, malformed < 0 ? null : "not UTF-8: byte " + (malformed + 1)
          + " of the line (0x" + String.format(Locale.ROOT,
              "%02X", bytes[offset + malformed] & 0xFF)
          + ") is not part of a UTF-8 character; the export must be written in UTF-8");
    }
  }

  /** The index of the first byte of {@code bytes}' range that is not UTF-8, or -1. */
  static int firstMalformedByte(byte[] bytes, int offset, int length) {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CoderResult result = strict.decode(in, CharBuffer.allocate(length), true);
    return result.isError() ? in.position() - offset : -1;
  }
}
