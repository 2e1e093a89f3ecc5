package dev.chorus.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * A range of semantic versions in the npm forms: {@code ^2.1}, {@code ~1.4}, {@code >=1.2 <2},
 * {@code 1.x}, {@code 1.2.3 - 2}, {@code *}, alternatives joined by {@code ||}. Pre-releases match
 * only a range that names a pre-release of the same major.minor.patch, as in npm.
 *
 * <p>The syntax is checked here, token by token, because semver4j reads text it does not understand
 * as a range that matches nothing; the meaning is semver4j's.
 */
public final class VersionRange {

  private static final String PART = "(?:[xX*]|0|[1-9]\\d*)";
  private static final String IDS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
  private static final String PARTIAL =
      "v?" + PART + "(?:\\." + PART + "(?:\\." + PART + "(?:-" + IDS + ")?(?:\\+" + IDS + ")?)?)?";
  private static final Pattern COMPARATOR = Pattern.compile("(?:\\^|~|>=|<=|>|<|=)?" + PARTIAL);
  private static final Pattern VERSION = Pattern.compile(PARTIAL);
  private static final Pattern TOKEN = Pattern.compile("\\S+");
  private static final String EXPECTED =
      "a version like 1.2.3, 1.2, 1.x or *, optionally after one of ^ ~ >= <= > < =";

  // After the patterns: static fields initialise in order.
  public static final VersionRange ANY = parse("*");

  private final String text;
  private final RangeList ranges;

  private VersionRange(String text) {
    this.text = text;
    this.ranges = RangeListFactory.create(text);
  }

  /**
   * Parses a range, or throws {@link RequirementSyntaxException} naming the position of the fault.
   */
  public static VersionRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new RequirementSyntaxException("version range", text == null ? "" : text, 0, EXPECTED);
    }
    int start = 0;
    while (true) {
      int bar = text.indexOf("||", start);
      int end = bar < 0 ? text.length() : bar;
      checkSet(text, start, end);
      if (bar < 0) {
        return new VersionRange(text.strip());
      }
      start = bar + 2;
    }
  }

  private static void checkSet(String text, int start, int end) {
    Matcher token = TOKEN.matcher(text).region(start, end);
    int count = 0;
    boolean hyphen = false;
    while (token.find()) {
      count++;
      String word = token.group();
      if (word.equals("-") && count == 2) {
        hyphen = true;
      } else if (!(hyphen ? VERSION : COMPARATOR).matcher(word).matches()
          || (hyphen && count != 3)) {
        throw new RequirementSyntaxException(
            "version range",
            text,
            token.start(),
            hyphen ? "one version after ' - ', like 2.3.4" : EXPECTED);
      }
    }
    if (count == 0 || (hyphen && count != 3)) {
      throw new RequirementSyntaxException("version range", text, end, EXPECTED);
    }
  }

  public boolean matches(Semver version) {
    return version.satisfies(ranges);
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionRange range && range.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
