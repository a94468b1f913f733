package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** Copies of a dead letter are one document on Firestore, so one billed write. */
public class CountDeadLetterDocumentsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void copiesOfALetterAreOneDocument() {
    DeadLetter lost = DeadLetter.of("chats", "messages", "messages/msg10",
        "refers to missing chat nochat", "{\"id\":\"msg10\"}");
    DeadLetter other = DeadLetter.of("chats", "messages", "messages/msg11",
        "refers to missing chat nochat", "{\"id\":\"msg11\"}");
    PCollection<String> documents = pipeline
        .apply(Create.of(List.of(lost, lost, other)).withCoder(RecordCoder.of(DeadLetter.class)))
        .apply(new CountDeadLetterDocuments("run-1"));
    PAssert.that(documents).containsInAnyOrder(
        com.avalo.precompute.store.FirestoreDeadLetters.id("run-1", lost),
        com.avalo.precompute.store.FirestoreDeadLetters.id("run-1", other));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long counted = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(CountDeadLetterDocuments.NAMESPACE)).build())
        .getCounters()) {
      counted += counter.getAttempted();
    }
    assertEquals(2, counted);
  }
}
