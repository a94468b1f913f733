package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.RenderedDocument;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Encodes a {@link CacheWrite} as its key and, for a put, the rendered document's fields and JSON
 * bytes: no JSON is parsed or written, and no UTF-8 decoded, between steps. With the document as a Jackson tree, writing
 * and parsing it at every step was a third of the CPU of a feeds run (JFR, 100,000 users).
 */
public final class CacheWriteCoder extends CustomCoder<CacheWrite> {
  private static final CacheWriteCoder INSTANCE = new CacheWriteCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  // The kinds of write, one byte ahead of each.
  private static final byte PUT = 0;
  private static final byte DELETE = 1;
  private static final byte WITHHELD_PUT = 2;
  private static final byte WITHHELD_SLOT = 3;

  private CacheWriteCoder() {}

  public static CacheWriteCoder of() {
    return INSTANCE;
  }

  /** What Beam calls for {@code @DefaultCoder(CacheWriteCoder.class)}. */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Coder<T> coderFor(TypeDescriptor<T> type, List<? extends Coder<?>> components) {
        return (Coder<T>) INSTANCE;
      }
    };
  }

  @Override
  public void encode(CacheWrite write, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    STRING.encode(write.key(), data);
    RenderedDocument rendered = write.rendered();
    data.writeByte(write.isDelete() ? DELETE : !write.isWithheld() ? PUT
        : rendered != null ? WITHHELD_PUT : WITHHELD_SLOT);
    if (write.isWithheld() && rendered == null) {
      STRING.encode(write.job(), data);
    } else if (!write.isDelete()) {
      STRING.encode(write.job(), data);
      STRING.encode(rendered.type(), data);
      data.writeLong(rendered.expiresAt().getEpochSecond());
      data.writeInt(rendered.expiresAt().getNano());
      STRING.encode(rendered.contentHash(), data);
      byte[] json = rendered.jsonUtf8();
      data.writeInt(json.length);
      data.write(json);
    }
  }

  @Override
  public CacheWrite decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    String key = STRING.decode(data);
    byte kind = data.readByte();
    if (kind < PUT || kind > WITHHELD_SLOT) {
      throw new CoderException("unknown kind of cache write " + kind + " for key " + key);
    }
    if (kind == DELETE) {
      return CacheWrite.delete(key);
    }
    String job = STRING.decode(data);
    if (kind == WITHHELD_SLOT) {
      return CacheWrite.withheldSlot(job, key);
    }
    String type = STRING.decode(data);
    Instant expiresAt = Instant.ofEpochSecond(data.readLong(), data.readInt());
    String contentHash = STRING.decode(data);
    byte[] json = new byte[data.readInt()];
    data.readFully(json);
    CacheWrite put = new CacheWrite(key, job,
        new RenderedDocument(key, type, expiresAt, contentHash, json), null);
    return kind == WITHHELD_PUT ? put.withheldWithItsList() : put;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof CacheWriteCoder;
  }

  @Override
  public int hashCode() {
    return CacheWriteCoder.class.hashCode();
  }
}
