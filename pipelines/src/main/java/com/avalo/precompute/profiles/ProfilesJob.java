package com.avalo.precompute.profiles;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.Groups;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.ParseRecords;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Post;
import com.avalo.precompute.source.SourceRecords.User;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The {@code profiles} job: {@code user:{uid}} profile cards (with post counts), and
 * {@code post:{postId}} and {@code media:{mediaId}} content cards, for every user who is not
 * deleted.
 */
public final class ProfilesJob implements PrecomputeJob {
  public static final String NAME = "profiles";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<? extends PrecomputeOptions> optionsClass() {
    return ProfilesOptions.class;
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs inputs) {
    PCollection<Post> posts = inputs.sources().read(SourceCollection.POSTS)
        .apply("PostsAsOf", RecordedBy.asOf(inputs.run().asOf(), SourceCollection.POSTS));
    PCollectionTuple cards = inputs.sources().users().apply("BuildProfileCards",
        new BuildProfileCards(posts, inputs.run()));
    inputs.addDeadLetters(cards.get(ParseRecords.DEAD_LETTERS));
    return cards.get(BuildProfileCards.WRITES);
  }

  /**
   * Joins each user with their posts and emits the user's profile, post and media cards, one
   * media card per media id ({@link KeepOneCardPerMedia}); the media items left out are
   * dead letters ({@link ParseRecords#DEAD_LETTERS}).
   */
  public static final class BuildProfileCards extends PTransform<PCollection<User>, PCollectionTuple> {
    public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
    private static final TupleTag<MediaCard> MEDIA = new TupleTag<>() {};

    // Transient: only the graph uses it; the DoFns built in expand() are serialized without it.
    private final transient PCollection<Post> posts;
    private final RunContext run;

    public BuildProfileCards(PCollection<Post> posts, RunContext run) {
      this.posts = posts;
      this.run = run;
    }

    @Override
    public PCollectionTuple expand(PCollection<User> users) {
      TupleTag<User> userTag = new TupleTag<>();
      TupleTag<Post> postTag = new TupleTag<>();
      PCollection<KV<String, User>> usersById = users
          .apply("KeyUsers", WithKeys.of(User::id).withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(User.class)));
      PCollection<KV<String, Post>> postsByAuthor = posts
          .apply("KeyPostsByAuthor", WithKeys.of(Post::authorId).withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Post.class)));
      RunContext context = run;
      PCollectionTuple cards = KeyedPCollectionTuple.of(userTag, usersById).and(postTag, postsByAuthor)
          .apply("JoinUsersAndPosts", CoGroupByKey.create())
          .apply("EmitCards", ParDo.of(new DoFn<KV<String, CoGbkResult>, CacheWrite>() {
            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
              User user = Groups.first(group.getValue().getAll(userTag));
              if (user == null || !ProfileCards.isPublic(user)) {
                return;
              }
              long postCount = 0;
              for (Post post : group.getValue().getAll(postTag)) {
                postCount++;
                out.get(WRITES).output(context.put(NAME, DocumentType.POST.key(post.id()),
                    ProfileCards.post(post, user)));
                ProfileCards.media(post).forEach(out.get(MEDIA)::output);
              }
              out.get(WRITES).output(context.put(NAME, DocumentType.PROFILE.key(user.id()),
                  ProfileCards.profile(user, postCount, context.asOf())));
            }
          }).withOutputTags(WRITES, TupleTagList.of(MEDIA)));
      cards.get(WRITES).setCoder(CacheWriteCoder.of());
      cards.get(MEDIA).setCoder(RecordCoder.of(MediaCard.class));

      PCollectionTuple media = cards.get(MEDIA)
          .apply("KeepOneCardPerMedia", new KeepOneCardPerMedia(NAME));
      PCollection<CacheWrite> mediaWrites = media.get(KeepOneCardPerMedia.KEPT)
          .apply("EmitMediaCards", MapElements.into(TypeDescriptor.of(CacheWrite.class))
              .via((MediaCard card) -> context.put(NAME, DocumentType.MEDIA.key(card.mediaId()), card)))
          .setCoder(CacheWriteCoder.of());
      PCollection<CacheWrite> writes = PCollectionList.of(cards.get(WRITES)).and(mediaWrites)
          .apply("AllProfileWrites", Flatten.pCollections())
          .setCoder(CacheWriteCoder.of());
      return PCollectionTuple.of(WRITES, writes)
          .and(ParseRecords.DEAD_LETTERS, media.get(ParseRecords.DEAD_LETTERS));
    }
  }

}
