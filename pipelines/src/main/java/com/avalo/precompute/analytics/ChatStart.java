package com.avalo.precompute.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * How a chat started: when its first message was sent, and whether someone other than that
 * message's sender wrote within the response window (replied), or may still (awaiting reply: no
 * reply yet and the window still open at {@code asOf}).
 */
public record ChatStart(Instant firstSentAt, boolean replied, boolean awaitingReply)
    implements Serializable {

  /** A sender's earliest message: its time, then its id for ties. */
  public record Earliest(Instant sentAt, String id) implements Serializable {
    static final Comparator<Earliest> ORDER =
        Comparator.comparing(Earliest::sentAt).thenComparing(Earliest::id);

    Earliest min(Earliest other) {
      return other == null || ORDER.compare(this, other) <= 0 ? this : other;
    }
  }

  /**
   * Each sender's earliest message of a chat: all a chat's start depends on, and small enough to
   * combine messages into without grouping them.
   */
  public static final class EarliestBySender extends TreeMap<String, Earliest> {
    public EarliestBySender add(String sender, Earliest message) {
      merge(sender, message, Earliest::min);
      return this;
    }

    public EarliestBySender addAll(Map<String, Earliest> other) {
      other.forEach(this::add);
      return this;
    }
  }

  /**
   * Each sender's earliest message as strings and numbers: every message crosses a step as one of
   * these maps, which Java serialization, Beam's default for them, wrote with class descriptors.
   */
  public static final class EarliestBySenderCoder extends CustomCoder<EarliestBySender> {
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    @Override
    public void encode(EarliestBySender senders, OutputStream out) throws IOException {
      VarInt.encode(senders.size(), out);
      for (Map.Entry<String, Earliest> sender : senders.entrySet()) {
        TEXT.encode(sender.getKey(), out);
        VarInt.encode(sender.getValue().sentAt().getEpochSecond(), out);
        VarInt.encode(sender.getValue().sentAt().getNano(), out);
        TEXT.encode(sender.getValue().id(), out);
      }
    }

    @Override
    public EarliestBySender decode(InputStream in) throws IOException {
      EarliestBySender senders = new EarliestBySender();
      int size = VarInt.decodeInt(in);
      for (int i = 0; i < size; i++) {
        String sender = TEXT.decode(in);
        Instant sentAt = Instant.ofEpochSecond(VarInt.decodeLong(in), VarInt.decodeInt(in));
        senders.put(sender, new Earliest(sentAt, TEXT.decode(in)));
      }
      return senders;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EarliestBySenderCoder;
    }

    @Override
    public int hashCode() {
      return EarliestBySenderCoder.class.hashCode();
    }
  }

  /** The start of a chat from each sender's earliest message; null for a chat without any. */
  public static ChatStart of(Map<String, Earliest> earliestBySender, Duration window,
      Instant asOf) {
    Map.Entry<String, Earliest> first = null;
    for (Map.Entry<String, Earliest> sender : earliestBySender.entrySet()) {
      if (first == null || Earliest.ORDER.compare(sender.getValue(), first.getValue()) < 0) {
        first = sender;
      }
    }
    if (first == null) {
      return null;
    }
    Instant firstAt = first.getValue().sentAt();
    Instant deadline = firstAt.plus(window);
    boolean replied = false;
    for (Map.Entry<String, Earliest> sender : earliestBySender.entrySet()) {
      if (!sender.getKey().equals(first.getKey())
          && !sender.getValue().sentAt().isAfter(deadline)) {
        replied = true;
      }
    }
    return new ChatStart(firstAt, replied, !replied && deadline.isAfter(asOf));
  }
}
