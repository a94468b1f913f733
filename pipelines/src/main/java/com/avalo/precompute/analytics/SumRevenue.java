package com.avalo.precompute.analytics;

import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.avalo.precompute.source.SourceRecords.Spend;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * {@code analytics:revenue:{period}}: completed purchases minus refunds per currency and per
 * product and currency, in minor units, and tokens bought and spent (see {@link RevenueTotals}).
 */
public final class SumRevenue extends PTransform<PCollectionTuple, PCollection<CacheWrite>> {
  public static final String METRIC = "revenue";
  public static final TupleTag<Purchase> PURCHASES = new TupleTag<>() {};
  public static final TupleTag<Spend> SPENDS = new TupleTag<>() {};

  private static final KvCoder<String, RevenueTotals> TOTALS_CODER =
      KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(RevenueTotals.class));

  private final BucketPlan plan;
  private final AnalyticsDocuments documents;

  public SumRevenue(BucketPlan plan, AnalyticsDocuments documents) {
    this.plan = plan;
    this.documents = documents;
  }

  @Override
  public PCollection<CacheWrite> expand(PCollectionTuple input) {
    List<KV<String, RevenueTotals>> seeds = new ArrayList<>();
    plan.buckets().keySet().forEach(period -> seeds.add(KV.of(period, RevenueTotals.zero())));
    return PCollectionList
        .of(input.getPipeline().apply("SeedBuckets", Create.of(seeds).withCoder(TOTALS_CODER)))
        .and(input.get(PURCHASES).apply("BucketPurchases", ParDo.of(
                new ContributeToBuckets<Purchase, RevenueTotals>(plan, Purchase::createdAt,
                    RevenueTotals::of)))
            .setCoder(TOTALS_CODER))
        .and(input.get(SPENDS).apply("BucketSpends", ParDo.of(
                new ContributeToBuckets<Spend, RevenueTotals>(plan, Spend::createdAt,
                    RevenueTotals::of)))
            .setCoder(TOTALS_CODER))
        .apply("FlattenContributions", Flatten.pCollections())
        .apply("SumPerBucket", PrecombinePerKey.<String, RevenueTotals, List<RevenueTotals>,
            RevenueTotals>of(Combine.IterableCombineFn.of(RevenueTotals::sum)))
        .apply("WriteRevenue", ParDo.of(new WriteFn(plan, documents)))
        .setCoder(CacheWriteCoder.of());
  }

  private static final class WriteFn extends DoFn<KV<String, RevenueTotals>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;

    WriteFn(BucketPlan plan, AnalyticsDocuments documents) {
      this.plan = plan;
      this.documents = documents;
    }

    @ProcessElement
    public void process(@Element KV<String, RevenueTotals> bucket, OutputReceiver<CacheWrite> out) {
      Bucket planned = plan.bucket(bucket.getKey());
      ObjectNode values = documents.values(planned);
      bucket.getValue().writeTo(values);
      out.output(documents.write(METRIC, planned, values));
    }
  }
}
