package dev.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static final Map<String, String> ENV =
      Map.of("CHORUS_TEMPORAL_ADDRESS", "127.0.0.1:7500");

  @Test
  void defaultsCompareTheBridgeWithThePlainPathAndTheCeiling() {
    BenchOptions options = BenchOptions.parse(new String[0], ENV);

    assertThat(options.preset()).isEqualTo("steps");
    assertThat(options.variants())
        .extracting(Variant::name)
        .containsExactly("bridge", "plain", "ceiling");
    assertThat(options.variants())
        .extracting(Variant::path)
        .containsExactly(Variant.Path.BRIDGE, Variant.Path.PLAIN, Variant.Path.CEILING);
    assertThat(options.variants().get(0).tuning().temporalAddress()).isEqualTo("127.0.0.1:7500");
  }

  @Test
  void presetsSetTheLoadAndOptionsOverrideIt() {
    BenchOptions options = BenchOptions.parse(new String[] {"scale", "--steps=4"}, ENV);

    assertThat(options.runs()).isEqualTo(1000);
    assertThat(options.concurrency()).isEqualTo(1000);
    assertThat(options.steps()).isEqualTo(4);
  }

  @Test
  void globalTuningAppliesToEveryVariantAndAVariantOverridesIt() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {
              "--cache-size=50", "--variant=one=bridge:signal-concurrency=1", "--variant=p=plain"
            },
            ENV);

    assertThat(options.variants().get(0).tuning().number("signal-concurrency")).isEqualTo(1);
    assertThat(options.variants().get(0).tuning().number("cache-size")).isEqualTo(50);
    assertThat(options.variants().get(1).tuning().number("cache-size")).isEqualTo(50);
  }

  @Test
  void aCeilingVariantIsParsedWithItsTuning() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {"--variant=top=ceiling:signal-concurrency=4,temporal=127.0.0.1:7600"},
            ENV);

    Variant ceiling = options.variants().get(0);
    assertThat(ceiling.name()).isEqualTo("top");
    assertThat(ceiling.path()).isEqualTo(Variant.Path.CEILING);
    assertThat(ceiling.tuning().number("signal-concurrency")).isEqualTo(4);
    assertThat(ceiling.tuning().temporalAddress()).isEqualTo("127.0.0.1:7600");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs=lots"}, ENV))
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fan-out=3"}, ENV))
        .hasMessageContaining("--fan-out");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"nope"}, ENV))
        .hasMessageContaining("unknown preset 'nope'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--variant=a=queue"}, ENV))
        .hasMessageContaining("bridge, plain or ceiling");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--eager=yes"}, ENV))
        .hasMessageContaining("'eager'");
  }
}
