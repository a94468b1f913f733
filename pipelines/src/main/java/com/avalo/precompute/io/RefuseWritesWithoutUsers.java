package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.User;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Passes a run's puts and deletes to the store only if the run parsed at least one user, and
 * fails it otherwise, before the first write.
 *
 * <p>Every job reads users, so a run that parsed none computes nothing and deletes every document
 * its jobs wrote before, as documents no longer produced. The checks before the run
 * ({@link FirestoreSourceCheck}, {@link SourceReader}'s of a users file) find a source with no
 * users, but not one whose users all fail to parse: a Firestore source after the app changed a
 * field's type (a {@code birthDate} stored as a Timestamp) turns every user into a dead letter.
 * The message quotes one of those dead letters, since a failed run may not get to write them.
 */
public final class RefuseWritesWithoutUsers
    extends PTransform<PCollection<CacheWrite>, PCollection<CacheWrite>> {
  private final transient PCollection<User> parsedUsers;
  private final transient PCollection<DeadLetter> refusedUsers;

  /**
   * @param parsedUsers the users the run parsed
   * @param refusedUsers the dead letters of parsing them
   */
  public RefuseWritesWithoutUsers(PCollection<User> parsedUsers,
      PCollection<DeadLetter> refusedUsers) {
    this.parsedUsers = parsedUsers;
    this.refusedUsers = refusedUsers;
  }

  @Override
  public PCollection<CacheWrite> expand(PCollection<CacheWrite> writes) {
    PCollectionView<Long> parsed = parsedUsers
        .apply("CountParsedUsers", Count.globally())
        .apply("ParsedUsers", View.asSingleton());
    PCollectionView<Iterable<DeadLetter>> refused = refusedUsers
        .apply("SampleRefusedUser", Sample.any(1))
        .apply("RefusedUser", View.asIterable());
    return writes
        .apply("RequireAParsedUser", ParDo.of(new RequireFn(parsed, refused))
            .withSideInputs(parsed, refused))
        .setCoder(writes.getCoder());
  }

  private static final class RequireFn extends DoFn<CacheWrite, CacheWrite> {
    private final PCollectionView<Long> parsed;
    private final PCollectionView<Iterable<DeadLetter>> refused;

    RequireFn(PCollectionView<Long> parsed, PCollectionView<Iterable<DeadLetter>> refused) {
      this.parsed = parsed;
      this.refused = refused;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      if (context.sideInput(parsed) == 0L) {
        StringBuilder message = new StringBuilder("no user of the source parsed, so the run"
            + " would delete every document its jobs wrote before; no document was written or"
            + " deleted");
        for (DeadLetter letter : context.sideInput(refused)) {
          message.append(". A user refused: ").append(letter.origin()).append(": ")
              .append(letter.reason());
        }
        throw new IllegalStateException(message.toString());
      }
      context.output(context.element());
    }
  }
}
