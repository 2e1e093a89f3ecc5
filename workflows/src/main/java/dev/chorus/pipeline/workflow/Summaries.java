package dev.chorus.pipeline.workflow;

import java.time.Duration;

/**
 * The one-line summaries the Temporal UI shows on a run's timers and activities, e.g. {@code
 * keywords → text.keywords, attempt 1, 30 s}.
 */
final class Summaries {

  private Summaries() {}

  static String call(String taskKey, String capability, int attempt) {
    return taskKey + " → " + capability + ", attempt " + attempt;
  }

  static String reply(String taskKey, String capability, int attempt, Duration wait) {
    return call(taskKey, capability, attempt) + ", " + of(wait);
  }

  static String backOff(String taskKey, String capability, int attempt, Duration pause) {
    return taskKey + " → " + capability + ", back-off after attempt " + attempt + ", " + of(pause);
  }

  static String signal(String step, String signal, Duration timeout) {
    return step + ": waiting for signal '" + signal + "', " + of(timeout);
  }

  /** A duration as people read it: {@code 500 ms}, {@code 30 s}, {@code 5 min}, {@code 2 h}. */
  static String of(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s < 120 || s % 60 != 0) {
      return s + " s";
    }
    long min = s / 60;
    return min < 120 || min % 60 != 0 ? min + " min" : min / 60 + " h";
  }
}
