package com.avalo.precompute.feeds;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.store.RefuseOversizedDocuments;
import com.avalo.precompute.store.WriteCounters;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes each ranked feed as {@code feed:{uid}:{page}} documents (see {@link FeedPages}); pages an
 * older, longer feed left are the diff's to delete. A feed with a page too big to store is
 * withheld whole, every page and page slot ({@link CacheWrite#withheldWithItsList}), so that the
 * stored feed stays one list rather than pages of two.
 */
public final class PaginateFeeds
    extends PTransform<PCollection<KV<String, List<RankedCandidate>>>, PCollection<CacheWrite>> {
  private final RunContext run;
  private final FeedSettings settings;

  public PaginateFeeds(RunContext run, FeedSettings settings) {
    this.run = run;
    this.settings = settings;
  }

  @Override
  public PCollection<CacheWrite> expand(PCollection<KV<String, List<RankedCandidate>>> feeds) {
    return feeds.apply("WriteFeedPages", ParDo.of(new PagesFn(run, settings)))
        .setCoder(CacheWriteCoder.of());
  }

  static final class PagesFn extends DoFn<KV<String, List<RankedCandidate>>, CacheWrite> {
    private final RunContext run;
    private final FeedSettings settings;
    private final Counter empty = Metrics.counter("feeds", "empty_feeds");
    private final Counter withheld = Metrics.counter("feeds", "feeds_withheld_oversized");
    private final Distribution sizes = Metrics.distribution("feeds", "feed_candidates");
    private final Counter blindDeletes = WriteCounters.blindDeletes();

    PagesFn(RunContext run, FeedSettings settings) {
      this.run = run;
      this.settings = settings;
    }

    @ProcessElement
    public void process(@Element KV<String, List<RankedCandidate>> feed,
        OutputReceiver<CacheWrite> out) {
      String uid = feed.getKey();
      List<FeedPage> pages = FeedPages.paginate(uid, feed.getValue(), settings.pageSize());
      List<CacheWrite> writes = new ArrayList<>(pages.size());
      for (FeedPage page : pages) {
        writes.add(run.put(FeedsJob.NAME, DocumentType.FEED_PAGE.key(uid, page.page()), page));
      }
      if (writes.stream().anyMatch(RefuseOversizedDocuments::isOversized)) {
        withheld.inc();
        writes.forEach(write -> out.output(write.withheldWithItsList()));
        for (int slot = pages.size(); slot < settings.maxPages(); slot++) {
          out.output(CacheWrite.withheldSlot(FeedsJob.NAME,
              DocumentType.FEED_PAGE.key(uid, slot).value()));
        }
      } else {
        writes.forEach(out::output);
      }
      blindDeletes.inc(FeedPages.blindDeletes(pages.size(), settings.maxPages()));
      sizes.update(feed.getValue().size());
      if (feed.getValue().isEmpty()) {
        empty.inc();
      }
    }
  }
}
