package com.avalo.precompute.schedule;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.PCollection;

/**
 * A job that exists only in tests, with an option of every kind the schedules and the template
 * metadata handle, among them a required one that no real job has yet.
 */
public final class TestJobs {
  private TestJobs() {}

  /** The digest job's options. */
  public interface DigestOptions extends PrecomputeOptions {
    @Description("Who the digest goes to")
    @Validation.Required
    String getAudience();

    void setAudience(String value);

    @Description("Send it even when nothing changed")
    @Default.Boolean(false)
    boolean getSendEmpty();

    void setSendEmpty(boolean value);

    @Description("Share of users sampled; the rest wait for the next digest")
    @Default.Double(0.25)
    double getSampleShare();

    void setSampleShare(double value);

    @Description("Most bytes in one digest")
    @Default.Long(1_000_000L)
    long getMaxBytes();

    void setMaxBytes(long value);

    @Description("How the digest is ordered")
    @Default.Enum("NEWEST")
    DigestOrder getOrder();

    void setOrder(DigestOrder value);

    @Description("Digest only activity after this instant")
    @Default.String("")
    @ParameterFormat(ParameterFormat.Kind.INSTANT)
    String getSince();

    void setSince(String value);
  }

  /** The orders of a digest. */
  public enum DigestOrder { NEWEST, OLDEST }

  /** A job named {@code digest}; it is only ever read, never run. */
  public static class DigestJob implements PrecomputeJob {
    @Override
    public String name() {
      return "digest";
    }

    @Override
    public Class<DigestOptions> optionsClass() {
      return DigestOptions.class;
    }

    @Override
    public PCollection<CacheWrite> expand(JobInputs inputs) {
      throw new UnsupportedOperationException("the digest job exists for schedule tests only");
    }
  }

  /** The project's jobs and the digest job. */
  public static List<PrecomputeJob> withDigest() {
    List<PrecomputeJob> jobs = new ArrayList<>(Jobs.all());
    jobs.add(new DigestJob());
    return jobs;
  }
}
