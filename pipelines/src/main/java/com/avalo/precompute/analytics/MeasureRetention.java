package com.avalo.precompute.analytics;

import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * {@code analytics:retention:{cohortDay}}: the D1, D7 and D30 retention of each planned signup
 * cohort (see {@link RetentionTotals}), a document per cohort even when nobody signed up.
 * Users are joined to the days they were active on, only the days that are some planned
 * cohort's D1, D7 or D30; each user's days are gathered into a set, so a user-day counts once.
 */
public final class MeasureRetention extends PTransform<PCollectionTuple, PCollection<CacheWrite>> {
  public static final String METRIC = "retention";
  public static final TupleTag<User> USERS = new TupleTag<>() {};
  public static final TupleTag<Event> EVENTS = new TupleTag<>() {};

  private static final TupleTag<String> COHORT = new TupleTag<>() {};
  private static final TupleTag<String> ACTIVE_DAY = new TupleTag<>() {};
  private static final KvCoder<String, String> STRINGS =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
  private static final KvCoder<String, RetentionTotals> TOTALS_CODER =
      KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(RetentionTotals.class));

  private final BucketPlan plan;
  private final AnalyticsDocuments documents;

  public MeasureRetention(BucketPlan plan, AnalyticsDocuments documents) {
    this.plan = plan;
    this.documents = documents;
  }

  @Override
  public PCollection<CacheWrite> expand(PCollectionTuple input) {
    PCollection<KV<String, String>> cohorts = input.get(USERS)
        .apply("CohortOfEachUser", ParDo.of(new CohortFn(plan)))
        .setCoder(STRINGS);
    PCollection<KV<String, String>> activeDays = input.get(EVENTS)
        .apply("RetentionDaysActive", ParDo.of(new ActiveDayFn(plan)))
        // No Distinct per (user, day): MemberFn keeps a set of days per user, and a Distinct
        // would shuffle one key per user-day, many times the number of users.
        .setCoder(STRINGS);

    List<KV<String, RetentionTotals>> seeds = new ArrayList<>();
    plan.cohorts().forEach(day -> seeds.add(KV.of(day.toString(), RetentionTotals.ZERO)));
    PCollection<KV<String, RetentionTotals>> members = KeyedPCollectionTuple.of(COHORT, cohorts)
        .and(ACTIVE_DAY, activeDays)
        .apply("JoinUsersToActiveDays", CoGroupByKey.create())
        .apply("MemberContributions", ParDo.of(new MemberFn()))
        .setCoder(TOTALS_CODER);
    return PCollectionList.of(members)
        .and(input.getPipeline().apply("SeedCohorts", Create.of(seeds).withCoder(TOTALS_CODER)))
        .apply("FlattenCohorts", Flatten.pCollections())
        .apply("SumPerCohort", PrecombinePerKey.<String, RetentionTotals, List<RetentionTotals>,
            RetentionTotals>of(Combine.IterableCombineFn.of(RetentionTotals::sum)))
        .apply("WriteRetention", ParDo.of(new WriteFn(plan, documents)))
        .setCoder(CacheWriteCoder.of());
  }

  private static final class CohortFn extends DoFn<User, KV<String, String>> {
    private final BucketPlan plan;

    CohortFn(BucketPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element User user, OutputReceiver<KV<String, String>> out) {
      if (user.createdAt().isAfter(plan.asOf())) {
        return;
      }
      LocalDate cohort = plan.dayOf(user.createdAt());
      if (plan.cohorts().contains(cohort)) {
        out.output(KV.of(user.id(), cohort.toString()));
      }
    }
  }

  private static final class ActiveDayFn extends DoFn<Event, KV<String, String>> {
    private final BucketPlan plan;

    ActiveDayFn(BucketPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element Event event, OutputReceiver<KV<String, String>> out) {
      if (!CountActiveUsers.isActivity(event) || event.at().isAfter(plan.asOf())) {
        return;
      }
      LocalDate day = plan.dayOf(event.at());
      if (!plan.cohortsActiveOn(day).isEmpty()) {
        out.output(KV.of(event.userId(), day.toString()));
      }
    }
  }

  private static final class MemberFn extends DoFn<KV<String, CoGbkResult>, KV<String, RetentionTotals>> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> user,
        OutputReceiver<KV<String, RetentionTotals>> out) {
      Iterable<String> cohort = user.getValue().getAll(COHORT);
      if (!cohort.iterator().hasNext()) {
        return;
      }
      Set<LocalDate> days = new HashSet<>();
      user.getValue().getAll(ACTIVE_DAY).forEach(day -> days.add(LocalDate.parse(day)));
      for (String day : cohort) {
        out.output(KV.of(day, RetentionTotals.member(LocalDate.parse(day), days)));
      }
    }
  }

  private static final class WriteFn extends DoFn<KV<String, RetentionTotals>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;

    WriteFn(BucketPlan plan, AnalyticsDocuments documents) {
      this.plan = plan;
      this.documents = documents;
    }

    @ProcessElement
    public void process(@Element KV<String, RetentionTotals> cohort, OutputReceiver<CacheWrite> out) {
      LocalDate day = LocalDate.parse(cohort.getKey());
      ObjectNode values = documents.values(RetentionTotals.complete(day, plan.zone(), plan.asOf()));
      cohort.getValue().writeTo(values, day, plan.zone(), plan.asOf());
      out.output(documents.writeCohort(METRIC, Bucket.ofDay(day, plan.zone()), values,
          RetentionTotals.finalAt(day, plan.zone())));
    }
  }
}
