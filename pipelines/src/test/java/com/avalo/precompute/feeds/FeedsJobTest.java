package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.JobChecks;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.SourceReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The job as the runner calls it: validate, then expand on the shared sources of an NDJSON export. */
public class FeedsJobTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");

  @Test
  public void expandReadsTheExportAndWritesWhatTheTransformsWrite() throws Exception {
    SyntheticWorld world = new SyntheticWorld(6, 80, AS_OF, 4, SyntheticWorld.TOWNS);
    Path export = FOLDER.newFolder("export").toPath();
    ExportFiles.write(export, world);
    PipelineOptionsFactory.register(FeedsOptions.class);
    FeedsOptions options = PipelineOptionsFactory.fromArgs("--source=files", "--input=" + export,
        "--asOf=2026-11-20T12:00:00Z", "--runId=job-test", "--feedPageSize=7").as(FeedsOptions.class);

    FeedsJob job = new FeedsJob();
    assertEquals("feeds", job.name());
    assertEquals(FeedsOptions.class, job.optionsClass());
    JobChecks.validate(job, options);
    Pipeline pipeline = Pipeline.create(options);
    RunContext run = RunContext.from(options, Instant.now());
    JobInputs inputs = new JobInputs(pipeline, options,
        new SourceReader(pipeline, options, job.name(), run.asOf()), run, new ArrayList<>());
    FeedRuns.Output viaJob = FeedRuns.collect(pipeline, job.expand(inputs));

    FeedRuns.Output viaTransforms = FeedRuns.run(PipelineOptionsFactory.create(), world, run,
        FeedSettings.from(options));
    assertEquals(viaTransforms, viaJob);
  }
}
