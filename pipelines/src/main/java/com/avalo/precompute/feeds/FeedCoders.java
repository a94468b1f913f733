package com.avalo.precompute.feeds;

import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.source.SourceRecords.Gender;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;

/**
 * Field-by-field coders for the feed's intermediate records. Every viewer request and block entry
 * crosses a shuffle; Java serialization would write each record's class description with it.
 */
final class FeedCoders {
  private FeedCoders() {}

  static final Coder<FeedProfile> PROFILE = new Compact<>() {
    @Override
    void write(FeedProfile p, DataOutputStream out) throws IOException {
      writeString(p.uid(), out);
      writeString(p.displayName(), out);
      writeString(p.city(), out);
      VarInt.encode(p.age(), out);
      out.writeByte(p.gender().ordinal());
      out.writeByte(p.interestedIn());
      VarInt.encode(p.ageMin(), out);
      VarInt.encode(p.ageMax(), out);
      VarInt.encode(p.maxDistanceKm(), out);
      out.writeDouble(p.lat());
      out.writeDouble(p.lng());
      writeStrings(p.interests(), out);
      VarInt.encode(p.photoCount(), out);
      out.writeDouble(p.profileScore());
      out.writeDouble(p.baseScore());
      out.writeLong(p.uidHash());
    }

    @Override
    FeedProfile read(DataInputStream in) throws IOException {
      return new FeedProfile(readString(in), readString(in), readString(in), VarInt.decodeInt(in),
          Gender.values()[in.readByte()], in.readByte(), VarInt.decodeInt(in), VarInt.decodeInt(in),
          VarInt.decodeInt(in), in.readDouble(), in.readDouble(), readStrings(in),
          VarInt.decodeInt(in), in.readDouble(), in.readDouble(), in.readLong());
    }
  };

  private static final FeedEdge.Kind[] EDGE_KINDS = FeedEdge.Kind.values();

  static final Coder<FeedEdge> EDGE = new Compact<>() {
    @Override
    void write(FeedEdge edge, DataOutputStream out) throws IOException {
      out.writeByte(edge.kind().ordinal());
      out.writeLong(edge.otherHash());
    }

    @Override
    FeedEdge read(DataInputStream in) throws IOException {
      return new FeedEdge(EDGE_KINDS[in.readByte()], in.readLong());
    }
  };

  static final Coder<ViewerRequest> REQUEST = new Compact<>() {
    @Override
    void write(ViewerRequest request, DataOutputStream out) throws IOException {
      PROFILE.encode(request.viewer(), out);
      writeHashes(request.excluded(), out);
      writeHashes(request.likedBy(), out);
    }

    @Override
    ViewerRequest read(DataInputStream in) throws IOException {
      return new ViewerRequest(PROFILE.decode(in), readHashes(in), readHashes(in));
    }
  };

  static final Coder<RankedCandidate> RANKED = new Compact<>() {
    @Override
    void write(RankedCandidate ranked, DataOutputStream out) throws IOException {
      FeedPage.Candidate card = ranked.card();
      writeString(card.uid(), out);
      writeString(card.displayName(), out);
      VarInt.encode(card.age(), out);
      writeString(card.city(), out);
      VarInt.encode(card.distanceKm(), out);
      VarInt.encode(card.photoCount(), out);
      writeStrings(card.sharedInterests(), out);
      out.writeDouble(card.score());
      out.writeLong(ranked.tiebreak());
    }

    @Override
    RankedCandidate read(DataInputStream in) throws IOException {
      FeedPage.Candidate card = new FeedPage.Candidate(readString(in), readString(in),
          VarInt.decodeInt(in), readString(in), VarInt.decodeInt(in), VarInt.decodeInt(in),
          readStrings(in), in.readDouble());
      return new RankedCandidate(card, in.readLong());
    }
  };

  static final Coder<List<FeedProfile>> PROFILES = ListCoder.of(PROFILE);
  static final Coder<List<RankedCandidate>> RANKED_LIST = ListCoder.of(RANKED);

  static <V> KvCoder<String, V> keyed(Coder<V> values) {
    return KvCoder.of(StringUtf8Coder.of(), values);
  }

  static final Coder<KV<String, FeedProfile>> KEYED_PROFILE = keyed(PROFILE);

  /** A coder that writes fields in order on a data stream. */
  private abstract static class Compact<T> extends CustomCoder<T> {
    abstract void write(T value, DataOutputStream out) throws IOException;

    abstract T read(DataInputStream in) throws IOException;

    @Override
    public void encode(T value, OutputStream out) throws IOException {
      write(value, new DataOutputStream(out));
    }

    @Override
    public T decode(InputStream in) throws IOException {
      return read(new DataInputStream(in));
    }
  }

  private static void writeString(String value, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(value, out);
  }

  private static String readString(InputStream in) throws IOException {
    return StringUtf8Coder.of().decode(in);
  }

  private static void writeHashes(UidSet set, DataOutputStream out) throws IOException {
    long[] hashes = set.hashes();
    VarInt.encode(hashes.length, out);
    for (long hash : hashes) {
      out.writeLong(hash);
    }
  }

  private static UidSet readHashes(DataInputStream in) throws IOException {
    long[] hashes = new long[VarInt.decodeInt(in)];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = in.readLong();
    }
    return UidSet.ofHashes(hashes);
  }

  private static void writeStrings(List<String> values, OutputStream out) throws IOException {
    VarInt.encode(values.size(), out);
    for (String value : values) {
      writeString(value, out);
    }
  }

  private static List<String> readStrings(InputStream in) throws IOException {
    int size = VarInt.decodeInt(in);
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(readString(in));
    }
    return List.copyOf(values);
  }
}
