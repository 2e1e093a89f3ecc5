package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.semver4j.Semver;

class VersionRangeTest {

  @Example
  void caretTildeAndBoundedRangesMeanWhatNpmMeans() {
    assertMatches("^2.1", "2.1.0", "2.9.3");
    assertRejects("^2.1", "2.0.9", "3.0.0", "2.5.0-beta");
    assertMatches("~1.4", "1.4.0", "1.4.17");
    assertRejects("~1.4", "1.3.9", "1.5.0");
    assertMatches(">=1.2 <2", "1.2.0", "1.99.0");
    assertRejects(">=1.2 <2", "1.1.9", "2.0.0", "2.0.0-rc.1");
    assertMatches("1.x || ^3", "1.0.0", "3.4.0");
    assertRejects("1.x || ^3", "2.0.0");
    assertMatches("1.2.3 - 2", "1.2.3", "2.9.9");
  }

  @Example
  void zeroMajorsAreNarrower() {
    assertMatches("^0.2", "0.2.0", "0.2.9");
    assertRejects("^0.2", "0.3.0", "1.0.0");
    assertMatches("^0.0.3", "0.0.3");
    assertRejects("^0.0.3", "0.0.4");
  }

  @Example
  void preReleasesMatchOnlyARangeThatNamesOneOfTheSameVersion() {
    assertMatches("^1.2.0-beta", "1.2.0-beta", "1.2.0-rc.1", "1.2.0", "1.9.0");
    assertRejects("^1.2.0-beta", "1.2.0-alpha", "1.3.0-rc.1");
    assertRejects("*", "1.0.0-alpha");
  }

  @Example
  void errorsSayWhereAndWhatWasExpected() {
    assertThatThrownBy(() -> VersionRange.parse(">=1.2 <two"))
        .isInstanceOf(RequirementSyntaxException.class)
        .hasMessage(
            "version range '>=1.2 <two' at position 6: expected a version like 1.2.3, 1.2, 1.x or *,"
                + " optionally after one of ^ ~ >= <= > < = but found '<two'");
    assertThatThrownBy(() -> VersionRange.parse("^1 ||"))
        .hasMessageContaining("at position 5")
        .hasMessageContaining("but the text ended");
    assertThatThrownBy(() -> VersionRange.parse("1.2 - ")).hasMessageContaining("at position 6");
    assertThatThrownBy(() -> VersionRange.parse("1.2.3.4")).hasMessageContaining("at position 0");
    assertThatThrownBy(() -> VersionRange.parse(" ")).hasMessageContaining("at position 0");
  }

  @Property
  void caretKeepsTheLeftmostNonZeroPart(
      @ForAll("versions") Semver base, @ForAll("versions") Semver candidate) {
    boolean expected =
        candidate.compareTo(base) >= 0
            && (base.getMajor() > 0
                ? candidate.getMajor() == base.getMajor()
                : base.getMinor() > 0
                    ? candidate.getMajor() == 0 && candidate.getMinor() == base.getMinor()
                    : candidate.equals(base));
    assertThat(VersionRange.parse("^" + base).matches(candidate))
        .as("^%s vs %s", base, candidate)
        .isEqualTo(expected);
  }

  @Property
  void tildeKeepsMajorAndMinor(
      @ForAll @IntRange(max = 5) int major,
      @ForAll @IntRange(max = 5) int minor,
      @ForAll("versions") Semver candidate) {
    boolean expected = candidate.getMajor() == major && candidate.getMinor() == minor;
    assertThat(VersionRange.parse("~" + major + "." + minor).matches(candidate))
        .isEqualTo(expected);
  }

  @Property
  void boundsAreHalfOpen(
      @ForAll("versions") Semver low,
      @ForAll("versions") Semver high,
      @ForAll("versions") Semver candidate) {
    boolean expected = candidate.compareTo(low) >= 0 && candidate.compareTo(high) < 0;
    assertThat(VersionRange.parse(">=" + low + " <" + high).matches(candidate)).isEqualTo(expected);
  }

  @Property
  void aPreReleaseNeverMatchesARangeWithoutOne(
      @ForAll("versions") Semver base,
      @ForAll("versions") Semver release,
      @ForAll("preReleaseTags") String tag) {
    Semver preRelease = Semver.parse(release + "-" + tag);
    assertThat(VersionRange.parse("^" + base).matches(preRelease)).isFalse();
    assertThat(VersionRange.parse(">=" + base).matches(preRelease)).isFalse();
  }

  @Property
  void aRangeOfOneVersionMatchesOnlyIt(
      @ForAll("versions") Semver version, @ForAll("versions") Semver other) {
    assertThat(VersionRange.parse("=" + version).matches(other)).isEqualTo(version.equals(other));
  }

  @Property
  void whatIsNotARangeIsRejectedWithAPositionInsideTheText(@ForAll("junk") String junk) {
    String text = "^1.2 " + junk;
    assertThatThrownBy(() -> VersionRange.parse(text))
        .isInstanceOfSatisfying(
            RequirementSyntaxException.class,
            e -> assertThat(e.position()).isBetween(5, text.length()));
  }

  @Provide
  Arbitrary<Semver> versions() {
    Arbitrary<Integer> part = Arbitraries.integers().between(0, 4);
    return net.jqwik.api.Combinators.combine(part, part, part).as(Semver::create);
  }

  @Provide
  Arbitrary<String> preReleaseTags() {
    return Arbitraries.of("alpha", "beta.1", "rc.2", "0");
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("abq!@#$%&?;:").ofMinLength(1).ofMaxLength(6);
  }

  private static void assertMatches(String range, String... versions) {
    for (String version : versions) {
      assertThat(VersionRange.parse(range).matches(Semver.parse(version)))
          .as("%s matches %s", range, version)
          .isTrue();
    }
  }

  private static void assertRejects(String range, String... versions) {
    for (String version : versions) {
      assertThat(VersionRange.parse(range).matches(Semver.parse(version)))
          .as("%s rejects %s", range, version)
          .isFalse();
    }
  }
}
