package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;

/** A template parameter's regex lets through what its launcher then parses, and no more. */
public class ParameterFormatTest {
  @Test
  public void theDurationRegexAcceptsExactlyWhatDurationParseDoes() {
    Pattern duration = Pattern.compile(ParameterFormat.Kind.DURATION.regex());
    for (String value : List.of("PT30M", "P1D", "P1DT2H", "PT1H30M", "PT0.5S", "P2DT3M4S", "PT90S",
        "P", "PT", "P1DT", "1D", "P1H", "PT1D")) {
      boolean parses;
      try {
        Duration.parse(value);
        parses = true;
      } catch (DateTimeParseException e) {
        parses = false;
      }
      assertEquals(value, parses, duration.matcher(value).matches());
    }
  }
}
