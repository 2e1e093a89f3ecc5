package dev.chorus.cli;

import dev.chorus.pipeline.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Durations written as definitions write them ({@code 30s}, {@code 5m}, ISO-8601). */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
