package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** An option marked {@code @Validation.Required} must be set by every schedule running its job. */
public class RequiredOptionsTest {
  private static final SchedulesReader READER = new SchedulesReader(TestJobs.withDigest());

  @Test
  public void aScheduleWithoutTheRequiredOptionNamesItOnTheJobsLine() {
    String yaml = SchedulesFixture.VALID.replace("      chats: {}", "      digest: {}");
    List<Problem> problems = assertThrows(SchedulesException.class,
        () -> READER.read("test.yaml", yaml, Map.of())).problems();
    assertEquals(List.of(new Problem("test.yaml", 21,
        "job 'digest' needs option 'audience': Who the digest goes to")), problems);
  }

  @Test
  public void aScheduleGivingItReadsClean() {
    String yaml = SchedulesFixture.VALID.replace("      chats: {}",
        "      digest:\n        audience: moderators\n        order: OLDEST\n        sampleShare: 0.5");
    SchedulesFile file = READER.read("test.yaml", yaml, Map.of());
    assertEquals(Map.of("audience", "moderators", "order", "OLDEST", "sampleShare", "0.5"),
        file.schedule("chats").orElseThrow().jobOptions());
  }

  @Test
  public void anEnumOptionOutsideItsValuesDoesNotParse() {
    String yaml = SchedulesFixture.VALID.replace("      chats: {}",
        "      digest:\n        audience: moderators\n        order: RANDOM");
    List<Problem> problems = assertThrows(SchedulesException.class,
        () -> READER.read("test.yaml", yaml, Map.of())).problems();
    assertEquals(1, problems.size());
    assertEquals(23, problems.get(0).line());
    assertEquals(true, problems.get(0).message().startsWith(
        "option order='RANDOM' of job 'digest' does not parse as DigestOrder"));
  }
}
