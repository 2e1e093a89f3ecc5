package dev.chorus.protocol;

/** Arithmetic on Redis stream ids ({@code <millis>-<sequence>}). */
public final class StreamIds {

  private StreamIds() {}

  public static int compare(String a, String b) {
    long[] x = parse(a);
    long[] y = parse(b);
    return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
  }

  /** The smallest id after {@code id}. */
  public static String next(String id) {
    long[] x = parse(id);
    return x[0] + "-" + (x[1] + 1);
  }

  private static long[] parse(String id) {
    int dash = id.indexOf('-');
    return dash < 0
        ? new long[] {Long.parseLong(id), 0}
        : new long[] {
          Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))
        };
  }
}
