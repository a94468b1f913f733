package com.avalo.precompute.feeds;

import com.avalo.precompute.io.PrecomputeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code feeds} job. */
public interface FeedsOptions extends PrecomputeOptions {

  @Description("Ranking weights and blocking limits (JSON, the format of feeds/ranking.json in the"
      + " pipelines jar); empty means that default file")
  @Default.String("")
  String getFeedsConfig();

  void setFeedsConfig(String value);

  @Description("Most candidates in one user's feed (K)")
  @Default.Integer(200)
  int getFeedMaxCandidates();

  void setFeedMaxCandidates(int value);

  @Description("Candidates per feed page (P); a feed has up to ceil(K/P) pages, feed:{uid}:0 first")
  @Default.Integer(20)
  int getFeedPageSize();

  void setFeedPageSize(int value);
}
