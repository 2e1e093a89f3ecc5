package dev.chorus.registry;

import java.time.Duration;

/**
 * What one replica of a capability's agents is expected to carry, and the bounds of its pool: the
 * same numbers a KEDA ScaledObject for the capability's stream holds (see
 * infra/capabilities/text-keywords/scaler.yaml). KEDA's two {@code redis-streams} triggers each ask
 * for {@code ceil(metric / target)} replicas, the HPA takes the larger, and scales in only to the
 * highest of what was asked over its stabilisation window.
 *
 * @param lagTarget tasks waiting unread per replica (the {@code lagCount} trigger)
 * @param pendingTarget tasks in an agent's hands per replica (the {@code pendingEntriesCount}
 *     trigger)
 * @param minReplicas fewest replicas, whatever the load
 * @param maxReplicas most replicas, whatever the load
 * @param stabilizationWindow how long a higher recommendation holds before the pool may shrink (the
 *     HPA's {@code scaleDown.stabilizationWindowSeconds})
 * @param rateWindow the span over which arrival and completion rates are averaged
 */
public record ScaleTarget(
    long lagTarget,
    long pendingTarget,
    int minReplicas,
    int maxReplicas,
    Duration stabilizationWindow,
    Duration rateWindow) {

  public ScaleTarget {
    if (lagTarget < 1 || pendingTarget < 1) {
      throw new IllegalArgumentException(
          "lag and pending targets must be at least 1, were "
              + lagTarget
              + " and "
              + pendingTarget);
    }
    if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
      throw new IllegalArgumentException(
          "replicas must satisfy 0 <= min <= max and max >= 1, were min "
              + minReplicas
              + " and max "
              + maxReplicas);
    }
  }

  /**
   * The replicas asked for by this instant's load alone, before stabilisation: KEDA's {@code
   * ceil(metric / target)} per trigger, the larger of the two, within the bounds. With a minimum of
   * 0, any work at all asks for one replica (KEDA's activation).
   */
  public int replicasFor(long lag, long pending) {
    long wanted = Math.max(ceilDiv(lag, lagTarget), ceilDiv(pending, pendingTarget));
    if (lag + pending > 0) {
      wanted = Math.max(wanted, 1);
    }
    return (int) Math.min(maxReplicas, Math.max(minReplicas, wanted));
  }

  private static long ceilDiv(long value, long divisor) {
    return value <= 0 ? 0 : (value + divisor - 1) / divisor;
  }
}
