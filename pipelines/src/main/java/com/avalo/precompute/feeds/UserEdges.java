package com.avalo.precompute.feeds;

import com.avalo.precompute.io.MergeIntoFirst;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.util.VarInt;

/**
 * What one user's {@link FeedEdge}s add up to: whom the user's feed excludes, who liked them and
 * who passed them, as uid hashes. It is the accumulator and the output of {@link #collect()}, so
 * only one record per user meets the user's profile in the join, instead of every edge.
 *
 * <p>Users are counted by distinct hash: two likers whose uids collide (odds about
 * {@code n * n / 2^65} for n likers) count once, as {@link UidSet} already takes them for one.
 */
public final class UserEdges implements Serializable {
  private final Hashes excluded;
  private final Hashes likedBy;
  private final Hashes passedBy;

  public UserEdges() {
    this(new Hashes(), new Hashes(), new Hashes());
  }

  private UserEdges(Hashes excluded, Hashes likedBy, Hashes passedBy) {
    this.excluded = excluded;
    this.likedBy = likedBy;
    this.passedBy = passedBy;
  }

  /** Adds one edge (not yet distinct: see {@link #distinct()}). */
  public UserEdges add(FeedEdge edge) {
    switch (edge.kind()) {
      case EXCLUDED -> excluded.add(edge.otherHash());
      case LIKED_BY -> likedBy.add(edge.otherHash());
      case PASSED_BY -> passedBy.add(edge.otherHash());
    }
    return this;
  }

  /** Adds all of {@code other}'s edges to this one; returns this. */
  public UserEdges addAll(UserEdges other) {
    excluded.addAll(other.excluded);
    likedBy.addAll(other.likedBy);
    passedBy.addAll(other.passedBy);
    return this;
  }

  /**
   * These edges with each set sorted and distinct, as a new value: runners may still hold this one
   * as an output, which must not change. The two may share arrays, so neither is added to after.
   */
  public UserEdges distinct() {
    return new UserEdges(excluded.distinct(), likedBy.distinct(), passedBy.distinct());
  }

  /** Whom the user's feed hides: whoever they swiped, blocked or matched, or who blocked them. */
  public UidSet excluded() {
    return excluded.toSet();
  }

  /** Who liked or superliked the user, for the liked-you boost. */
  public UidSet likedBy() {
    return likedBy.toSet();
  }

  /** How many distinct users liked or superliked the user. */
  public int likesReceived() {
    return likedBy.distinct().size;
  }

  /** How many distinct users passed the user. */
  public int passesReceived() {
    return passedBy.distinct().size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserEdges that && excluded.toSet().equals(that.excluded.toSet())
        && likedBy.toSet().equals(that.likedBy.toSet())
        && passedBy.toSet().equals(that.passedBy.toSet());
  }

  @Override
  public int hashCode() {
    return excluded.toSet().hashCode() * 31 + likedBy.toSet().hashCode();
  }

  @Override
  public String toString() {
    return "UserEdges(excluded " + excluded.size + ", likedBy " + likedBy.size + ", passedBy "
        + passedBy.size + ")";
  }

  /** Sums each user's edges: {@code Combine.perKey(UserEdges.collect())}. */
  public static Combine.CombineFn<FeedEdge, UserEdges, UserEdges> collect() {
    return new CollectFn();
  }

  /** The coder of the accumulator and the output: three arrays of hashes. */
  public static Coder<UserEdges> coder() {
    return EdgesCoder.INSTANCE;
  }

  private static final class CollectFn extends Combine.CombineFn<FeedEdge, UserEdges, UserEdges> {
    @Override
    public UserEdges createAccumulator() {
      return new UserEdges();
    }

    @Override
    public UserEdges addInput(UserEdges edges, FeedEdge edge) {
      return edges.add(edge);
    }

    @Override
    public UserEdges mergeAccumulators(Iterable<UserEdges> partials) {
      return MergeIntoFirst.merge(partials, UserEdges::new, UserEdges::addAll);
    }

    @Override
    public UserEdges extractOutput(UserEdges edges) {
      return edges.distinct();
    }

    @Override
    public Coder<UserEdges> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<FeedEdge> inputCoder) {
      return coder();
    }

    @Override
    public Coder<UserEdges> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<FeedEdge> inputCoder) {
      return coder();
    }
  }

  /** A growable array of hashes. */
  private static final class Hashes implements Serializable {
    private static final long[] NONE = {};

    // Most partials hold one edge, so two of a user's three arrays stay empty: none is allocated.
    private long[] values = NONE;
    private int size;
    private boolean sortedDistinct = true;

    void add(long hash) {
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.max(4, size * 2));
      }
      values[size++] = hash;
      sortedDistinct = size == 1;
    }

    void addAll(Hashes other) {
      if (other.size == 0) {
        return;
      }
      if (size + other.size > values.length) {
        values = Arrays.copyOf(values, Math.max(size + other.size, size * 2));
      }
      System.arraycopy(other.values, 0, values, size, other.size);
      size += other.size;
      sortedDistinct = false;
    }

    /** These hashes sorted and distinct: this if they are, else a new array. */
    Hashes distinct() {
      if (sortedDistinct) {
        return this;
      }
      Hashes distinct = new Hashes();
      distinct.values = Arrays.stream(values, 0, size).sorted().distinct().toArray();
      distinct.size = distinct.values.length;
      return distinct;
    }

    UidSet toSet() {
      Hashes distinct = distinct();
      return UidSet.ofHashes(Arrays.copyOf(distinct.values, distinct.size));
    }

    void write(OutputStream out) throws IOException {
      VarInt.encode(size, out);
      ByteBuffer bytes = ByteBuffer.allocate(size * Long.BYTES);
      bytes.asLongBuffer().put(values, 0, size);
      out.write(bytes.array());
    }

    static Hashes read(InputStream in) throws IOException {
      int size = VarInt.decodeInt(in);
      byte[] bytes = in.readNBytes(size * Long.BYTES);
      if (bytes.length != size * Long.BYTES) {
        throw new EOFException("user edges cut short: " + bytes.length + " of "
            + size * Long.BYTES + " bytes");
      }
      Hashes hashes = new Hashes();
      hashes.values = new long[size];
      ByteBuffer.wrap(bytes).asLongBuffer().get(hashes.values, 0, size);
      hashes.size = size;
      hashes.sortedDistinct = size <= 1;
      return hashes;
    }
  }

  private static final class EdgesCoder extends CustomCoder<UserEdges> {
    static final EdgesCoder INSTANCE = new EdgesCoder();

    @Override
    public void encode(UserEdges edges, OutputStream out) throws IOException {
      edges.excluded.write(out);
      edges.likedBy.write(out);
      edges.passedBy.write(out);
    }

    @Override
    public UserEdges decode(InputStream in) throws IOException {
      return new UserEdges(Hashes.read(in), Hashes.read(in), Hashes.read(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
