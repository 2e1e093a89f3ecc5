package dev.chorus.registry;

/**
 * How busy one major of a capability is and how many agents it asks for, as a Prometheus-based
 * autoscaler would read it.
 *
 * @param arrivalRate tasks added to the stream per second over the rate window, or null until two
 *     samples span some time
 * @param completionRate tasks answered (acknowledged) per second over the rate window, or null
 *     until two samples span some time
 * @param desiredReplicas the replicas KEDA's formula asks for now: the highest recommendation of
 *     the stabilisation window
 */
public record ScaleSignal(Double arrivalRate, Double completionRate, int desiredReplicas) {}
