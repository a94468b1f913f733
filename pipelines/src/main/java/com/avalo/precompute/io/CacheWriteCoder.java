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
    data.writeBoolean(write.isDelete());
    if (!write.isDelete()) {
      RenderedDocument rendered = write.rendered();
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
    if (data.readBoolean()) {
      return CacheWrite.delete(key);
    }
    String job = STRING.decode(data);
    String type = STRING.decode(data);
    Instant expiresAt = Instant.ofEpochSecond(data.readLong(), data.readInt());
    String contentHash = STRING.decode(data);
    byte[] json = new byte[data.readInt()];
    data.readFully(json);
    return new CacheWrite(key, job, new RenderedDocument(key, type, expiresAt, contentHash, json),
        null);
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
