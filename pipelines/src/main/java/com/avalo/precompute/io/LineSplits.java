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

/**
 * Cuts an NDJSON file into byte ranges of whole lines that can be read apart and still number
 * their lines as the whole file does, so that a dead letter says {@code likes.ndjson:1234567}
 * whichever worker read it. Lines end with {@code \n}; a {@code \r} before it is dropped, as in
 * {@code \r\n}. Planning reads the file once, counting line ends only (no decoding); reading a
 * split decodes each line from UTF-8 on its own.
 */
final class LineSplits {
  private static final int BUFFER_BYTES = 1 << 20;

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
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    byte[] bytes = buffer.array();
    byte[] partial = new byte[0];  // the start of a line that runs past the buffer
    int partialLength = 0;
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
        if (partialLength > 0) {
          partial = append(partial, partialLength, bytes, lineStart, i - lineStart);
          emit(partial, 0, partialLength + i - lineStart, lineNumber, each);
          partialLength = 0;
        } else {
          emit(bytes, lineStart, i - lineStart, lineNumber, each);
        }
        lineNumber++;
        lineStart = i + 1;
      }
      if (lineStart < read) {
        partial = append(partial, partialLength, bytes, lineStart, read - lineStart);
        partialLength += read - lineStart;
      }
    }
    if (partialLength > 0) {
      emit(partial, 0, partialLength, lineNumber, each);
    }
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
          + " of the line (0x" + String.format("%02X", bytes[offset + malformed] & 0xFF)
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
