package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.User;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Fails a run before its first put or delete unless enough of its users parsed: when none did, or
 * more than {@code --maxRefusedUserShare} of them were refused. Its output is empty, and complete
 * once the check has passed; {@link com.avalo.precompute.incremental.WriteChangedDocuments} joins
 * it into the diff, whose grouping waits for every input, so no write is decided before it passes.
 *
 * <p>The check reads the users, not the writes. It first passed every write through a step with
 * side inputs, which Flink's DataStream runner holds in memory until those side inputs are ready:
 * at 1,000,000 users that held the run's 11.9M documents, filled an 8 GiB heap and stalled the run.
 *
 * <p>Every job reads users, so a run that parsed none computes nothing and deletes every document
 * its jobs wrote before, as documents no longer produced; one that lost most of them deletes most
 * of their cards, feeds and stats, and drops them from everyone else's feeds. The checks before
 * the run ({@link FirestoreSourceCheck}, {@link SourceReader}'s of a users file) find a source
 * with no users, but not one whose users fail to parse: a Firestore source after the app changed
 * a field's type (a {@code birthDate} stored as a Timestamp) turns each user it rewrote into a dead
 * letter. A few refused users are bad records, dead-lettered while the run goes on; most of them
 * are a source that changed. The message quotes one of those dead letters, since a failed run may
 * not get to write them.
 */
public final class RefuseWritesOnLostUsers extends PTransform<PCollection<User>, PCollection<Void>> {
  private final transient PCollection<DeadLetter> refusedUsers;
  private final double maxRefusedShare;

  /**
   * @param refusedUsers the dead letters of parsing the users this transform is applied to
   * @param maxRefusedShare the share of users (0 to 1) that may be refused; at 1, the run fails
   *     only when none parsed
   */
  public RefuseWritesOnLostUsers(PCollection<DeadLetter> refusedUsers, double maxRefusedShare) {
    this.refusedUsers = refusedUsers;
    this.maxRefusedShare = checkedShare(maxRefusedShare);
  }

  /**
   * {@code --maxRefusedUserShare}, checked.
   *
   * @throws IllegalArgumentException when it is not between 0 and 1
   */
  static double checkedShare(double share) {
    return checkedShare("--maxRefusedUserShare", "users", share);
  }

  /**
   * A share given as {@code flag}, checked: the share of {@code records} that may fail to parse.
   *
   * @throws IllegalArgumentException when it is not between 0 and 1
   */
  static double checkedShare(String flag, String records, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(flag + "=" + share + " must be between 0 and 1 (the share"
          + " of " + records + " that may fail to parse; 0.5 is half)");
    }
    return share;
  }

  /**
   * Why a run that parsed {@code parsed} users and refused {@code refused} must not write, if it
   * must not: none parsed, or the refused share is above {@code maxRefusedShare}.
   */
  static Optional<String> refusal(long parsed, long refused, double maxRefusedShare) {
    if (parsed == 0) {
      return Optional.of("no user of the source parsed, so the run would delete every document"
          + " its jobs wrote before; no document was written or deleted");
    }
    double share = (double) refused / (parsed + refused);
    if (share > maxRefusedShare) {
      return Optional.of(String.format(Locale.ROOT, "%,d of the source's %,d users (%.1f%%) failed"
          + " to parse, more than --maxRefusedUserShare=%s allows, so the run would delete the"
          + " documents they had; no document was written or deleted. Mend the source, or raise"
          + " --maxRefusedUserShare to go on without them", refused, parsed + refused,
          share * 100, maxRefusedShare));
    }
    return Optional.empty();
  }

  @Override
  public PCollection<Void> expand(PCollection<User> parsedUsers) {
    PCollectionView<Long> refused = refusedUsers
        .apply("CountRefusedUsers", Count.globally())
        .apply("RefusedUsers", View.asSingleton());
    PCollectionView<Iterable<DeadLetter>> sample = refusedUsers
        .apply("SampleRefusedUser", Sample.any(1))
        .apply("RefusedUser", View.asIterable());
    return parsedUsers
        .apply("CountParsedUsers", Count.globally())
        .apply("RequireParsedUsers", ParDo.of(new RequireFn(refused, sample, maxRefusedShare))
            .withSideInputs(refused, sample))
        .setCoder(VoidCoder.of());
  }

  /** Fails the run when the count of parsed users and the side inputs say it must not write. */
  private static final class RequireFn extends DoFn<Long, Void> {
    private final PCollectionView<Long> refused;
    private final PCollectionView<Iterable<DeadLetter>> sample;
    private final double maxRefusedShare;

    RequireFn(PCollectionView<Long> refused, PCollectionView<Iterable<DeadLetter>> sample,
        double maxRefusedShare) {
      this.refused = refused;
      this.sample = sample;
      this.maxRefusedShare = maxRefusedShare;
    }

    @ProcessElement
    public void process(@Element Long parsed, ProcessContext context) {
      Optional<String> refusal = refusal(parsed, context.sideInput(refused), maxRefusedShare);
      if (refusal.isPresent()) {
        StringBuilder message = new StringBuilder(refusal.get());
        for (DeadLetter letter : context.sideInput(sample)) {
          message.append(". A user refused: ").append(letter.origin()).append(": ")
              .append(letter.reason());
        }
        throw new IllegalStateException(message.toString());
      }
    }
  }
}
