package dev.chorus.app;

import dev.chorus.gateway.Role;
import dev.chorus.pipeline.DispatchMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code chorus.*} setting, with defaults that run the local stack: the defaults are written
 * here only, and the {@code @param} descriptions become Spring's configuration metadata, from which
 * docs/configuration.md's table is checked. The Temporal connection itself is Temporal's own {@code
 * spring.temporal.*} (see application.yaml).
 *
 * @param roles which parts of Chorus this process runs
 * @param redis where the agent streams are
 * @param temporal links to the Temporal Web UI
 * @param bridge how the bridge reads replies
 * @param bus redelivery, dead letters, backpressure and trimming of the streams; dispatch tokens
 *     and the reply size limit
 * @param registry how the agent registry is cached and its expired leases reaped
 * @param dispatch how runs dispatch their steps
 * @param pipelines pipeline definitions shipped with the application
 * @param gateway authentication, roles and limits of the REST API
 * @param live runs' live streams: agents' progress relayed by the bridge, and the gateway's {@code
 *     /runs/{runId}/stream}
 * @param push the capabilities whose agents are served over HTTP, and how the push role delivers
 *     their tasks
 * @param scaling the targets by which each capability's desired replicas are computed
 */
@ConfigurationProperties("chorus")
public record ChorusProperties(
    @DefaultValue Roles roles,
    @DefaultValue Redis redis,
    @DefaultValue Temporal temporal,
    @DefaultValue Bridge bridge,
    @DefaultValue Bus bus,
    @DefaultValue Registry registry,
    @DefaultValue Dispatch dispatch,
    @DefaultValue Pipelines pipelines,
    @DefaultValue Gateway gateway,
    @DefaultValue Live live,
    @DefaultValue Push push,
    @DefaultValue Scaling scaling) {

  /**
   * The scale signals of each capability's streams (docs/architecture.md, "Scaling"): the same
   * numbers as the KEDA ScaledObjects in infra/capabilities, so that a Prometheus-based autoscaler
   * reading {@code chorus_capability_desired_replicas} asks for what KEDA would.
   *
   * @param lagTarget tasks waiting unread per agent replica (KEDA's {@code lagCount})
   * @param pendingTarget tasks in an agent's hands per replica (KEDA's {@code pendingEntriesCount})
   * @param minReplicas fewest replicas a capability asks for, whatever its load
   * @param maxReplicas most replicas a capability asks for, whatever its load
   * @param stabilizationWindow how long a higher recommendation holds before the desired replicas
   *     may fall (the HPA's scale-down stabilisation window)
   * @param rateWindow the span over which arrival and completion rates are averaged
   */
  public record Scaling(
      @DefaultValue("8") long lagTarget,
      @DefaultValue("4") long pendingTarget,
      @DefaultValue("1") int minReplicas,
      @DefaultValue("8") int maxReplicas,
      @DefaultValue("120s") Duration stabilizationWindow,
      @DefaultValue("60s") Duration rateWindow) {}

  /**
   * See docs/agent-protocol.md, "Progress and partial output".
   *
   * @param retention how long a run's live stream is kept after its last entry
   * @param maxLength most entries one run's live stream keeps; older ones are trimmed (a client
   *     connecting late then misses the oldest)
   * @param maxEntryBytes largest progress entry of an agent (all its fields, in bytes) relayed to
   *     its run's live stream; larger ones are dropped
   * @param rate progress entries relayed per task and second, on average; more are dropped
   * @param burst progress entries one task may send at once before {@code rate} applies
   * @param streamsPerCaller open live streams one caller (API key, JWT subject, or address) may
   *     hold on one gateway instance; more are answered 429
   * @param maxStreams open live streams one gateway instance serves, each with a thread of its own
   *     (a running run's streams share one blocking Redis connection); more are answered 429
   * @param idleTimeout a live stream with nothing new for this long is closed (the client may
   *     reconnect with Last-Event-ID)
   * @param heartbeat how often an idle live stream sends a comment line, so proxies keep it open
   *     and a client that went away is noticed
   * @param readBatch most entries a live stream reads from Redis at once, and the newest entries of
   *     a running run this instance keeps for all of its streams
   */
  public record Live(
      @DefaultValue("1d") Duration retention,
      @DefaultValue("10000") long maxLength,
      @DefaultValue("16KB") DataSize maxEntryBytes,
      @DefaultValue("20") double rate,
      @DefaultValue("50") int burst,
      @DefaultValue("5") int streamsPerCaller,
      @DefaultValue("500") int maxStreams,
      @DefaultValue("5m") Duration idleTimeout,
      @DefaultValue("15s") Duration heartbeat,
      @DefaultValue("100") int readBatch) {}

  /**
   * @param gateway serve the REST API
   * @param worker run pipeline workflows and dispatch activities
   * @param bridge deliver agents' replies to workflows
   * @param push deliver the tasks of the capabilities in {@code chorus.push.capabilities} to their
   *     HTTP agents
   */
  public record Roles(
      @DefaultValue("true") boolean gateway,
      @DefaultValue("true") boolean worker,
      @DefaultValue("true") boolean bridge,
      @DefaultValue("false") boolean push) {}

  /**
   * See docs/agent-protocol.md, "Push mode": the push role reads each capability's task stream as
   * its agent's consumer and posts the tasks to the agent's URL.
   *
   * @param consumerName this instance's name: each capability's consumer and registry entry is
   *     {@code <consumer-name>-<capability>}; stable per instance so a restarted deliverer finds
   *     its pending tasks, and different on every instance
   * @param capabilities the capabilities delivered over HTTP, each {@code name}, {@code version},
   *     {@code url} and {@code max-in-flight}
   * @param readBlock how long one XREADGROUP blocks
   * @param requestTimeout longest wait for one agent's answer (the task's deadline may shorten it);
   *     a request without an answer counts as failed
   * @param minBackoff the wait after a first failed request; it doubles with each failure, unless
   *     the agent's {@code Retry-After} says otherwise
   * @param maxBackoff longest wait between two requests of one task
   * @param maxAttempts failed requests (an error status, no connection, no answer in time) after
   *     which a task is dead-lettered and its run told; a 429 does not count
   * @param heartbeat how often the registrations held for the HTTP agents are renewed
   * @param lease how long such a registration lives without renewal
   * @param touchInterval how often the tasks in hand are touched; well under {@code
   *     chorus.bus.reclaim-idle}, or the reclaimer hands them on while they are delivered
   * @param drainTimeout how long a stopping push role waits for its requests in flight
   */
  public record Push(
      @DefaultValue("push-1") String consumerName,
      @DefaultValue List<PushCapability> capabilities,
      @DefaultValue("1s") Duration readBlock,
      @DefaultValue("30s") Duration requestTimeout,
      @DefaultValue("100ms") Duration minBackoff,
      @DefaultValue("10s") Duration maxBackoff,
      @DefaultValue("8") int maxAttempts,
      @DefaultValue("5s") Duration heartbeat,
      @DefaultValue("15s") Duration lease,
      @DefaultValue("5s") Duration touchInterval,
      @DefaultValue("30s") Duration drainTimeout) {}

  /**
   * @param name the capability
   * @param version the agent's semantic version, registered on its behalf; its major picks the task
   *     stream
   * @param url where its tasks are posted, e.g. {@code http://text-stats.agents.svc/tasks}
   * @param maxInFlight most of its requests in flight at once, at most the agents' concurrency
   */
  public record PushCapability(
      String name, String version, java.net.URI url, @DefaultValue("4") int maxInFlight) {}

  /**
   * @param uri the Redis of the streams, the agent registry, the definitions and the API keys
   * @param commandTimeout longest wait for one Redis command: a paused or unreachable Redis fails
   *     the command after it (an API request answers 503) rather than holding its thread; at least
   *     a second longer than {@code chorus.bridge.read-block}
   */
  public record Redis(
      @DefaultValue("redis://127.0.0.1:6379") String uri,
      @DefaultValue("5s") Duration commandTimeout) {}

  /**
   * @param uiUrl base URL of the Temporal Web UI, for links to runs
   */
  public record Temporal(@DefaultValue("http://localhost:8233") String uiUrl) {}

  /**
   * @param consumerName this bridge's consumer name on the reply stream; stable per instance so a
   *     restarted bridge finds its unacknowledged replies
   * @param readBatch most replies per XREADGROUP
   * @param readBlock how long one XREADGROUP blocks
   * @param signalConcurrency most replies of one read signalled to their runs at once (see
   *     docs/performance.md for the measured effect)
   */
  public record Bridge(
      @DefaultValue("bridge-1") String consumerName,
      @DefaultValue("64") int readBatch,
      @DefaultValue("1s") Duration readBlock,
      @DefaultValue("16") int signalConcurrency) {}

  /**
   * @param mode {@code LOCAL_ACTIVITY} (XADD inside the workflow task) or {@code ACTIVITY} (XADD as
   *     its own activity task); set on each run when it starts (see docs/performance.md)
   */
  public record Dispatch(@DefaultValue("LOCAL_ACTIVITY") DispatchMode mode) {}

  /**
   * @param reclaimIdle a task untouched this long by the agent holding it is handed to another
   *     agent
   * @param maxDeliveries deliveries without an answer before a task is dead-lettered as poison
   * @param reclaimInterval how often the pending lists are checked for abandoned tasks
   * @param trimInterval how often streams are trimmed of entries every group has acknowledged
   * @param maxBacklog tasks waiting on one capability at which dispatch is refused (and retried)
   * @param redriveDeadline the fresh deadline a re-driven task gets, counted from the re-drive
   * @param eventsRetention run events kept while no consumer group reads the events stream
   * @param endingSweepInterval how often the worker role looks for runs Temporal ended without
   *     their code (terminated, timed out) and tells their {@code run.finished} event
   * @param gaugeInterval how often the bridge role reads backlogs, pending tasks, healthy agents
   *     and dead letters from Redis into its gauges
   * @param maxReplyBytes largest reply entry (all its fields, in bytes) let near a run; a larger
   *     one is dead-lettered unread, well below Temporal's 2 MB payload limit
   * @param tokenKeys the keys of dispatch tokens, each key id to a base64 secret of at least 32
   *     bytes ({@code openssl rand -base64 32}); when none are given, one is generated and kept in
   *     Redis under {@code chorus:secrets:dispatch}, shared by every instance (for local stacks;
   *     production sets its own, see docs/agent-protocol.md on rotation)
   * @param tokenKeyId which of {@code token-keys} signs new tokens; may be empty when there is only
   *     one
   * @param tokenGrace how long the other keys of {@code token-keys} still verify after an instance
   *     starts; longer than the longest step timeout
   */
  public record Bus(
      @DefaultValue("30s") Duration reclaimIdle,
      @DefaultValue("5") int maxDeliveries,
      @DefaultValue("5s") Duration reclaimInterval,
      @DefaultValue("30s") Duration trimInterval,
      @DefaultValue("1000") long maxBacklog,
      @DefaultValue("5m") Duration redriveDeadline,
      @DefaultValue("100000") long eventsRetention,
      @DefaultValue("10s") Duration endingSweepInterval,
      @DefaultValue("5s") Duration gaugeInterval,
      @DefaultValue("256KB") DataSize maxReplyBytes,
      @DefaultValue Map<String, String> tokenKeys,
      @DefaultValue("") String tokenKeyId,
      @DefaultValue("1h") Duration tokenGrace) {}

  /**
   * Agents set their own heartbeat and lease (CHORUS_AGENT_HEARTBEAT, CHORUS_AGENT_LEASE), since
   * they renew it; Chorus drops an agent once its lease has run out.
   *
   * @param reaperPeriod how often the bridge role looks for expired leases and hands their tasks on
   * @param versionCheck how often the worker's registry cache compares the change counter with its
   *     copy, catching a change whose pub/sub message was lost
   */
  public record Registry(
      @DefaultValue("1s") Duration reaperPeriod, @DefaultValue("5s") Duration versionCheck) {}

  /**
   * @param builtIn classpath resources of YAML or JSON definitions registered at startup (a version
   *     already stored is left as it is); more are registered at runtime with {@code POST
   *     /api/v1/pipelines}
   * @param limits the cost budget of a definition, checked at validation, and of a run
   */
  public record Pipelines(
      @DefaultValue("pipelines/text-insights.yaml") List<String> builtIn,
      @DefaultValue Limits limits) {}

  /**
   * A definition over any of these is refused at validation with a 400 naming the field and the
   * setting; the last two bound each run, which records them when it starts (see docs/pipelines.md,
   * "Limits").
   *
   * @param maxSteps most steps in one definition, nested ones included
   * @param maxParallelBranches most branches of one parallel step
   * @param maxForEachConcurrency highest concurrency of one forEach
   * @param maxWorkflowThreads most workflow threads one run may hold at once (each parallel branch
   *     and each running forEach item takes one, nested ones multiply); below the worker's pool of
   *     600 (Temporal's default maxWorkflowThreadCount)
   * @param maxExpressionLength most characters of one CEL expression
   * @param maxExpressionDepth deepest nesting of one CEL expression's syntax tree
   * @param maxLiteralElements most elements of one list or map literal in an expression
   * @param maxDuration longest timeout, retry interval, waitForAgent or wait timeout; every
   *     duration must also be longer than zero
   * @param maxExpressionIterations most comprehension iterations (map, filter, all, exists, nested
   *     ones counted together) of one evaluation at run time; the step fails beyond it
   * @param maxForEachItems most items one forEach runs over; the step fails beyond it
   */
  public record Limits(
      @DefaultValue("1000") int maxSteps,
      @DefaultValue("100") int maxParallelBranches,
      @DefaultValue("100") int maxForEachConcurrency,
      @DefaultValue("500") int maxWorkflowThreads,
      @DefaultValue("4096") int maxExpressionLength,
      @DefaultValue("32") int maxExpressionDepth,
      @DefaultValue("256") int maxLiteralElements,
      @DefaultValue("3650d") Duration maxDuration,
      @DefaultValue("100000") int maxExpressionIterations,
      @DefaultValue("10000") int maxForEachItems) {}

  /**
   * @param security who may call the API
   * @param maxBodySize largest request body accepted (413 above it)
   * @param rateLimit requests per caller and period (429 with Retry-After above it)
   * @param validation how many definitions are validated at once
   */
  public record Gateway(
      @DefaultValue Security security,
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue RateLimit rateLimit,
      @DefaultValue Validation validation) {}

  /**
   * Each validation holds a parsed body of up to max-body-size and its compiled expressions, so
   * their number bounds the memory validation takes.
   *
   * @param concurrency definitions validated at once (registrations and {@code validate} alike)
   * @param maxWait how long a validation waits for its turn before it is answered 503 with
   *     Retry-After
   */
  public record Validation(
      @DefaultValue("2") int concurrency, @DefaultValue("2s") Duration maxWait) {}

  /**
   * The JWT alternative is Spring Boot's own {@code
   * spring.security.oauth2.resourceserver.jwt.jwk-set-uri} or {@code ...public-key-location};
   * without either only API keys are accepted.
   *
   * @param enabled require an API key ({@code X-API-Key}) or a bearer JWT on {@code /api/v1/**}; on
   *     by default, off in the {@code local} profile that {@code ./chorus up} runs
   * @param rolesClaim the JWT claim listing the caller's roles ({@code viewer}, {@code operator},
   *     {@code admin})
   * @param apiKeys keys given in configuration, each {@code name}, {@code sha256} and {@code role},
   *     beside those created at runtime and kept in Redis
   * @param jwt claims a bearer JWT must carry; {@code exp} and {@code sub} always are
   */
  public record Security(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue List<ApiKey> apiKeys,
      @DefaultValue Jwt jwt) {}

  /**
   * Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.audiences} is checked as
   * well when set.
   *
   * @param issuer the {@code iss} every JWT must name; none required when empty
   * @param audience a value every JWT's {@code aud} must contain; none required when empty
   */
  public record Jwt(@DefaultValue("") String issuer, @DefaultValue("") String audience) {}

  /**
   * @param name who holds the key, as listed and logged (never the key)
   * @param sha256 SHA-256 of the key in lowercase hex ({@code printf %s "$KEY" | sha256sum})
   * @param role what the key may do: {@code viewer}, {@code operator} or {@code admin} (any case)
   */
  public record ApiKey(String name, String sha256, Role role) {}

  /**
   * @param requests requests one caller (API key, JWT subject, or address when anonymous) may make
   *     per period
   * @param period the period after which the allowance is full again
   * @param failures refused credentials (unknown keys, invalid JWTs) one client address may send
   *     per failure period; after that its API requests are answered 429 until the period is over
   * @param failurePeriod the period of the failure allowance
   */
  public record RateLimit(
      @DefaultValue("100") int requests,
      @DefaultValue("1s") Duration period,
      @DefaultValue("10") int failures,
      @DefaultValue("1m") Duration failurePeriod) {}
}
