package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScaleSignalsTest {

  private static final ScaleTarget TARGET =
      new ScaleTarget(8, 4, 1, 8, Duration.ofSeconds(120), Duration.ofSeconds(60));

  @Test
  void eachTriggerAsksForItsMetricOverItsTargetAndTheLargerWinsWithinTheBounds() {
    assertThat(TARGET.replicasFor(0, 0)).isEqualTo(1);
    assertThat(TARGET.replicasFor(9, 0)).isEqualTo(2);
    assertThat(TARGET.replicasFor(8, 9)).isEqualTo(3);
    assertThat(TARGET.replicasFor(2_000, 4)).isEqualTo(8);
  }

  @Test
  void withAMinimumOfZeroAnyWorkAtAllAsksForOneReplica() {
    ScaleTarget toZero = new ScaleTarget(100, 100, 0, 4, Duration.ZERO, Duration.ofSeconds(10));
    assertThat(toZero.replicasFor(0, 0)).isZero();
    assertThat(toZero.replicasFor(1, 0)).isEqualTo(1);
    assertThat(toZero.replicasFor(0, 1)).isEqualTo(1);
  }

  @Test
  void targetsAndBoundsOutOfRangeAreRefusedNamingThem() {
    assertThatThrownBy(() -> new ScaleTarget(0, 4, 1, 8, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("lag and pending targets");
    assertThatThrownBy(() -> new ScaleTarget(8, 4, 3, 2, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("min 3 and max 2");
  }

  @Test
  void desiredReplicasRiseAtOnceAndFallOnlyAfterTheStabilisationWindow() {
    ScaleSignals signals = new ScaleSignals(TARGET);
    assertThat(signals.record("s", 0, 64, 0, 0).desiredReplicas()).isEqualTo(8);
    assertThat(signals.record("s", 60_000, 0, 0, 64).desiredReplicas()).isEqualTo(8);
    assertThat(signals.record("s", 120_000, 0, 0, 64).desiredReplicas()).isEqualTo(8);
    assertThat(signals.record("s", 120_001, 0, 0, 64).desiredReplicas()).isEqualTo(1);
    assertThat(signals.record("s", 120_002, 20, 0, 64).desiredReplicas()).isEqualTo(3);
  }

  @Test
  void ratesAreTheChangeOfTheGroupsCountersOverTheRateWindow() {
    ScaleSignals signals = new ScaleSignals(TARGET);
    ScaleSignal first = signals.record("s", 0, 10, 0, 0);
    assertThat(first.arrivalRate()).isNull();
    assertThat(first.completionRate()).isNull();
    // 10 s later: 50 more added (lag 20 + read 40 = 60 added), 40 read of which 4 still pending.
    ScaleSignal second = signals.record("s", 10_000, 20, 4, 40);
    assertThat(second.arrivalRate()).isEqualTo(5.0);
    assertThat(second.completionRate()).isEqualTo(3.6);
    // Samples older than the rate window no longer count: 70 s later the base is the 10 s sample.
    ScaleSignal third = signals.record("s", 70_000, 0, 0, 60);
    assertThat(third.arrivalRate()).isEqualTo(0.0);
    assertThat(third.completionRate()).isEqualTo((60 - 36) / 60.0);
  }

  @Test
  void aStreamMadeAgainStartsItsCountersAfresh() {
    ScaleSignals signals = new ScaleSignals(TARGET);
    signals.record("s", 0, 0, 0, 500);
    ScaleSignal afresh = signals.record("s", 1_000, 3, 0, 0);
    assertThat(afresh.arrivalRate()).isNull();
    assertThat(afresh.desiredReplicas()).isEqualTo(1);
  }

  @Test
  void streamsAreTrackedApart() {
    ScaleSignals signals = new ScaleSignals(TARGET);
    signals.record("busy", 0, 64, 0, 0);
    assertThat(signals.record("quiet", 1_000, 0, 0, 0).desiredReplicas()).isEqualTo(1);
  }
}
