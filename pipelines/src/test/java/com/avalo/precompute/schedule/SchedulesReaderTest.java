package com.avalo.precompute.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every check of a schedules file, each on a small valid file with one thing broken: the first
 * problem must be {@code FILE:LINE: message} on the right line, and there must be no other.
 */
@RunWith(Parameterized.class)
public class SchedulesReaderTest {

  @Parameters(name = "{0}")
  public static Collection<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (Object[] row : CASES) {
      // The count of problems is 1 unless the case says otherwise.
      cases.add(row.length == 6 ? row : Arrays.copyOf(new Object[] {row[0], row[1], row[2], row[3], row[4], 1}, 6));
    }
    return cases;
  }

  private static final Object[][] CASES = {
        // YAML itself
        {"cron left unquoted", "\"*/10 * * * *\"", "*/10 * * * *", 19, "not valid YAML"},
        {"key given twice", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    cron: \"6 * * * *\"\n", 24,
            "'cron' is given twice (first on line 23)"},
        {"unknown root key", "schedules:\n", "schedule_list: []\nschedules:\n", 17, "unknown key 'schedule_list' in the file"},
        {"a second YAML document", "        lateBuckets: 2\n", "        lateBuckets: 2\n---\nschedules: []\n", 28,
            "a schedules file holds one YAML document; another starts here"},
        {"an alias", "      chats: {}\n  - name: analytics\n",
            "      chats: {}\n    description: &d Chat lists\n  - name: analytics\n    description: *d\n", 24,
            "YAML aliases (*d) are not supported; write the value"},
        {"unknown variable", "tempLocation: gs://${project}-dataflow/temp", "tempLocation: gs://${bucket}/temp", 16, "unknown variable ${bucket}"},
        // deployment
        {"template spec not on gcs", "templateSpec: gs://${project}-dataflow/templates/avalo-precompute.json",
            "templateSpec: /tmp/spec.json", 3, "'templateSpec' is '/tmp/spec.json'; expected a gs:// path"},
        {"image not in artifact registry", "image: ${region}-docker.pkg.dev/${project}/precompute/avalo-precompute:latest",
            "image: docker.io/avalo:latest", 4, "expected an Artifact Registry image"},
        {"scheduler account missing", "  schedulerServiceAccount: precompute-scheduler@${project}.iam.gserviceaccount.com\n",
            "", 1, "'deployment' needs 'schedulerServiceAccount'"},
        // defaults and schedule structure
        {"cron in defaults", "defaults:\n", "defaults:\n  cron: \"0 * * * *\"\n", 7, "unknown key 'cron' in 'defaults'"},
        {"unknown schedule key", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    paused: true\n", 24,
            "unknown key 'paused' in schedule 'analytics'"},
        {"description too long for Cloud Scheduler", "name: analytics",
            "name: analytics\n    description: " + "x".repeat(501), 23,
            "'description' has 501 characters; Cloud Scheduler takes at most 500"},
        {"bad schedule name", "name: analytics", "name: Analytics_Hourly", 22, "'name' is 'Analytics_Hourly'; expected lowercase"},
        {"duplicate schedule name", "name: analytics", "name: chats", 22, "schedule 'chats' is defined twice (first on line 18)"},
        {"no schedules", "schedules:\n", "schedules: []\nold:\n", 17, "'schedules' must list at least one schedule", 2},
        // cron and zone
        {"cron out of range", "\"5 * * * *\"", "\"61 * * * *\"", 23, "Value 61 not in range [0, 59]"},
        {"cron with four fields", "\"5 * * * *\"", "\"5 * * *\"", 23, "is not a 5-field unix-cron"},
        {"cron that never fires", "\"5 * * * *\"", "\"0 0 30 2 *\"", 23, "fires less than twice"},
        {"unknown time zone", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    timeZone: Europe/Gdansk\n", 24,
            "time zone 'Europe/Gdansk' is not a tz-database zone"},
        {"offset for a time zone", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    timeZone: \"+01:00\"\n", 24,
            "time zone '+01:00' is not a tz-database zone"},
        {"zone java reads but Cloud Scheduler does not", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    timeZone: UT\n", 24,
            "time zone 'UT' is not a tz-database zone"},
        // jobs and their options
        {"unknown job", "      chats: {}", "      chat: {}", 21, "unknown job 'chat'; the jobs are profiles, user-stats"},
        {"no jobs", "    jobs:\n      chats: {}\n", "    jobs: []\n", 20, "schedule 'chats' runs no job"},
        {"job in two schedules", "      chats: {}", "      analytics: {}", 25,
            "job 'analytics' is already run by schedule 'chats'"},
        {"job listed twice", "    jobs:\n      chats: {}\n", "    jobs: [chats, chats]\n", 20, "job 'chats' is listed twice"},
        {"unknown option", "lateBuckets: 2", "lateBucket: 2", 26, "job 'analytics' has no option 'lateBucket'; its options are"},
        {"option set by the schedule", "lateBuckets: 2", "asOf: 2026-11-20", 26,
            "option 'asOf' is set by the tick (a window is computed as of its end), not by a job"},
        {"option the schedule sets under its own key", "lateBuckets: 2", "stateLocation: gs://other/state", 26,
            "option 'stateLocation' is set by the schedule's 'stateLocation', not by a job"},
        {"option that does not parse", "lateBuckets: 2", "lateBuckets: two", 26,
            "option lateBuckets='two' of job 'analytics' does not parse as int"},
        {"option that is a list", "lateBuckets: 2", "lateBuckets: [1, 2]", 26, "option 'lateBuckets' of job 'analytics' must be a single value"},
        {"option the job rejects", "lateBuckets: 2", "periods: fortnight", 25, "job 'analytics': "},
        {"two jobs disagree on a shared option", "      chats: {}",
            "      chats:\n        activeWindowDays: 7\n      counts:\n        activeWindowDays: 14", 24,
            "option 'activeWindowDays' is '14' here but '7' for job 'chats' (line 22)"},
        // source and store
        {"unknown source", "source: firestore", "source: bigquery", 7, "'source' is 'bigquery'; expected files or firestore"},
        {"files without input", "source: firestore", "source: files", 18, "schedule 'chats' needs 'input'", 2},
        {"unknown store", "store: firestore", "store: redis", 8, "unknown store 'redis'"},
        // timing
        {"expiry grace missing", "  expiryGrace: PT30M\n", "", 17, "schedule 'chats' needs 'expiryGrace'", 2},
        {"expiry grace not a duration", "expiryGrace: PT30M", "expiryGrace: 30m", 10, "not an ISO-8601 duration"},
        {"attempt deadline too short", "  expiryGrace: PT30M\n", "  expiryGrace: PT30M\n  attemptDeadline: PT5S\n", 11,
            "Cloud Scheduler allows 15 seconds to 30 minutes"},
        {"too many retries", "  expiryGrace: PT30M\n", "  expiryGrace: PT30M\n  retry:\n    attempts: 6\n", 12,
            "'attempts' is 6; it must be from 0 to 5"},
        {"retries spill into the next tick", "  expiryGrace: PT30M\n",
            "  expiryGrace: PT30M\n  retry:\n    attempts: 3\n    minBackoff: PT2M\n", 11,
            "a tick's attempts can last PT26M (4 attempts of up to PT3M plus backoff), but ticks can be PT10M apart"},
        {"grace shorter than the retries", "expiryGrace: PT30M\n", "expiryGrace: PT5M\n  retry:\n    attempts: 1\n", 10,
            "expiryGrace PT5M is shorter than a tick's attempts (PT6M5S)"},
        {"fixed freshness shorter than the cadence", "lateBuckets: 2", "freshFor: PT45M", 26,
            "freshFor PT45M does not cover the cadence: ticks can be PT1H apart"},
        {"fixed freshness shorter than the expiry ticks", "    cron: \"5 * * * *\"\n    jobs:\n      analytics:\n        lateBuckets: 2",
            "    cron: \"5 * * * *\"\n    expiryTicks: 3\n    jobs:\n      analytics:\n        freshFor: PT3H", 27,
            "ticks can be PT1H apart, 3 of them (expiryTicks) plus expiryGrace PT30M makes PT3H30M"},
        {"expiry ticks of zero", "  expiryGrace: PT30M\n", "  expiryGrace: PT30M\n  expiryTicks: 0\n", 11,
            "'expiryTicks' is 0; it must be from 1 to 100"},
        {"max run time not a duration", "    cron: \"5 * * * *\"\n", "    cron: \"5 * * * *\"\n    maxRunTime: 1h\n", 24,
            "'maxRunTime' is '1h', not an ISO-8601 duration"},
        // environment
        {"environment missing region", "    region: ${region}\n", "", 11, "the environment of schedule 'chats' needs 'region'", 2},
        {"workers the wrong way round", "    maxWorkers: 4\n", "    maxWorkers: 4\n    numWorkers: 8\n", 14,
            "'numWorkers' 8 is more than 'maxWorkers' 4"},
        {"temp location not on gcs", "tempLocation: gs://${project}-dataflow/temp", "tempLocation: /tmp", 16,
            "'tempLocation' is '/tmp'; expected a gs:// path", 1},
  };

  private final String mutation;
  private final String from;
  private final String to;
  private final int line;
  private final String message;
  private final int count;

  public SchedulesReaderTest(String mutation, String from, String to, int line, String message, int count) {
    this.mutation = mutation;
    this.from = from;
    this.to = to;
    this.line = line;
    this.message = message;
    this.count = count;
  }

  static SchedulesFile read(String yaml) {
    return new SchedulesReader(Jobs.all()).read("test.yaml", yaml, Map.of());
  }

  @Test
  public void reportsTheProblemOnItsLine() {
    assertTrue("the fixture must contain " + from, SchedulesFixture.VALID.contains(from));
    String broken = SchedulesFixture.VALID.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to));
    List<Problem> problems = assertThrows(SchedulesException.class, () -> read(broken)).problems();
    Problem first = problems.get(0);
    assertThat(mutation + ": " + problems, first.toString(), containsString("test.yaml:" + line + ": "));
    assertThat(mutation + ": " + problems, first.message(), containsString(message));
    // A broken default is reported once per schedule only when the message names the schedule.
    assertEquals(mutation + ": " + problems, count, problems.size());
  }
}
