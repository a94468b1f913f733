package com.avalo.precompute.chats;

import com.avalo.precompute.schemas.ChatList.LastMessage;
import com.avalo.precompute.source.SourceRecords.Message;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preview of a last message: its text with whitespace runs (newlines included) folded into
 * one space, cut to at most {@code maxChars} characters as a person counts them: extended grapheme
 * clusters, so an emoji sequence (👩‍👩‍👧), a flag or a letter with its accents is kept whole
 * or dropped whole, never split. A preview is also at most {@code 8 * maxChars} UTF-16 units (room for
 * the longest emoji sequences), so a
 * cluster stacked with hundreds of combining marks cannot bloat a chat list; only a first cluster
 * longer than that is cut, and then on a code point, never inside a surrogate pair.
 *
 * <p>{@code truncated} says text was cut; the app draws the ellipsis, the preview holds none.
 */
public final class MessagePreview {
  // Unicode's whitespace, not only ASCII's: a line or paragraph separator (U+2028, U+2029, NEL)
  // is a newline too, and an IME's ideographic space (U+3000) a space.
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  private MessagePreview() {}

  /** A trimmed preview and whether anything was cut. */
  public record Preview(String text, boolean truncated) {}

  /** The message as a chat list shows it. */
  public static LastMessage of(Message message, int maxChars) {
    Preview preview = trim(message.text(), maxChars);
    return new LastMessage(message.senderId(), preview.text(), message.sentAt(), preview.truncated());
  }

  /** Trims {@code text} to at most {@code maxChars} grapheme clusters on a cluster boundary. */
  public static Preview trim(String text, int maxChars) {
    if (maxChars <= 0) {
      throw new IllegalArgumentException("maxChars must be positive, was " + maxChars);
    }
    String folded = WHITESPACE.matcher(text == null ? "" : text).replaceAll(" ").strip();
    int maxUnits = 8 * maxChars;
    if (folded.length() <= maxChars) {
      return new Preview(folded, false); // no more clusters than UTF-16 units
    }
    Matcher cluster = GRAPHEME.matcher(folded);
    int clusters = 0;
    int end = 0;
    while (clusters < maxChars && cluster.find()) {
      if (cluster.end() > maxUnits) {
        break;
      }
      end = cluster.end();
      clusters++;
    }
    if (end == folded.length()) {
      return new Preview(folded, false);
    }
    if (end == 0) {
      // The first cluster alone is longer than the unit budget: cut on a code point.
      end = Character.isHighSurrogate(folded.charAt(maxUnits - 1)) ? maxUnits - 1 : maxUnits;
    }
    return new Preview(folded.substring(0, end).stripTrailing(), true);
  }
}
