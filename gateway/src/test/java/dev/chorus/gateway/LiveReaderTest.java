package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reader against a real redis-server: where a stream starts, what it holds, how it ends, and
 * how the clients of a running run share its tail.
 */
@ExtendWith(ServersExtension.class)
class LiveReaderTest {

  private static final int BATCH = 3;

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private String runId;
  private LiveTails tails;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  LiveReaderTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    runId = "run-" + UUID.randomUUID();
    tails = new LiveTails(client, threads, settings(Duration.ofMinutes(5)));
  }

  @AfterEach
  void disconnect() {
    threads.shutdownNow();
    connection.close();
    client.shutdown();
  }

  @Test
  void anEndedRunIsToldWholeInBatchesUpToItsEndingThenTheStreamEnds() throws IOException {
    List<String> ids = tell(10);
    tell("run.finished");
    Recorder sink = new Recorder();
    long reads = xreads();
    reader(Duration.ofMinutes(5)).follow(runId, null, "COMPLETED", null, sink);

    assertThat(sink.types()).hasSize(11).endsWith("run.finished");
    assertThat(sink.ids().subList(0, 10)).containsExactlyElementsOf(ids);
    assertThat(xreads() - reads)
        .as("XREADs for 11 entries read at most " + BATCH + " at a time")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void aResumedStreamGoesOnAfterTheLastEventAndRepeatsNothing() throws IOException {
    List<String> ids = tell(6);
    String ending = tell("run.finished");
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(3), "COMPLETED", null, sink);

    assertThat(sink.ids()).containsExactly(ids.get(4), ids.get(5), ending);
  }

  @Test
  void anEndedRunWithoutItsEndingInTheStreamIsToldItByTheGateway() throws IOException {
    tell(2);
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, null, "TERMINATED", null, sink);

    assertThat(sink.types()).containsExactly("step.output", "step.output", "run.finished");
    assertThat(sink.ids().get(2)).as("the gateway's own event cannot be resumed from").isNull();
    assertThat(sink.data.get(2)).contains("\"status\":\"TERMINATED\"");
  }

  @Test
  void aClientThatHadTheEndingGetsNothingMore() throws IOException {
    tell(2);
    String ending = tell("run.finished");
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ending, "COMPLETED", null, sink);

    assertThat(sink.types()).isEmpty();
  }

  @Test
  void aClientWhosePositionWasTrimmedAwayIsToldOfTheGapFirst() throws IOException {
    List<String> ids = tell(6);
    String ending = tell("run.finished");
    commands.xtrim(Streams.live(runId), 3);
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(1), "COMPLETED", null, sink);

    assertThat(sink.types())
        .containsExactly(LiveReader.STREAM_GAP, "step.output", "step.output", "run.finished");
    assertThat(sink.data.get(0)).contains("\"oldestKept\":\"" + ids.get(4) + "\"");
    assertThat(sink.ids()).containsExactly(null, ids.get(4), ids.get(5), ending);

    Recorder fresh = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, null, "COMPLETED", null, fresh);
    assertThat(fresh.types())
        .first()
        .as("from the start, the start is missing")
        .isEqualTo(LiveReader.STREAM_GAP);

    Recorder ahead = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(5), "COMPLETED", null, ahead);
    assertThat(ahead.types())
        .as("past the oldest kept entry, nothing is missing")
        .containsExactly("run.finished");
  }

  @Test
  void aRunningRunsStreamClosesOnceIdleForTheIdleTimeout() throws IOException {
    List<String> ids = tell(2);
    Recorder sink = new Recorder();
    // Each reading of the clock moves it on a minute: the stream is idle at the second empty read.
    try (LiveTails.Lease lease = tails.join(runId)) {
      reader(Duration.ofMinutes(2), new SteppingClock())
          .follow(runId, null, null, lease.tail(), sink);
    }

    assertThat(sink.ids()).containsExactly(ids.get(0), ids.get(1), null);
    assertThat(sink.types()).last().isEqualTo(LiveReader.STREAM_CLOSED);
    assertThat(sink.data.get(2))
        .contains("\"reason\":\"idle\"")
        .contains("chorus.live.idle-timeout");
  }

  @Test
  void theClientsOfARunningRunShareOneBlockingReadAndAllGetItsWholeStory() throws Exception {
    List<String> before = tell(2);
    int clients = 20;
    List<Recorder> sinks = new ArrayList<>();
    List<Future<?>> following = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Recorder sink = new Recorder();
      sinks.add(sink);
      following.add(
          threads.submit(
              () -> {
                try (LiveTails.Lease lease = tails.join(runId)) {
                  reader(Duration.ofMinutes(5)).follow(runId, null, null, lease.tail(), sink);
                }
                return null;
              }));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sinks.stream().allMatch(sink -> sink.ids().size() == 2));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(blockedClients())
                    .as("one XREAD BLOCK for " + clients + " clients of one run")
                    .isEqualTo(1));
    List<String> story = new ArrayList<>(before);
    story.addAll(tell(7));
    story.add(tell("run.finished"));
    for (Future<?> client : following) {
      client.get(20, TimeUnit.SECONDS);
    }

    assertThat(sinks).allSatisfy(sink -> assertThat(sink.ids()).isEqualTo(story));
    assertThat(tails.size()).as("the last client's leaving removes the tail").isZero();
  }

  @Test
  void aClientBehindTheWindowCatchesUpFromRedisAndMissesNothing() throws Exception {
    try (LiveTails.Lease lease = tails.join(runId)) {
      Recorder ahead = new Recorder();
      Future<?> first =
          threads.submit(
              () -> {
                reader(Duration.ofMinutes(5)).follow(runId, null, null, lease.tail(), ahead);
                return null;
              });
      List<String> story = new ArrayList<>(tell(10));
      await().atMost(Duration.ofSeconds(20)).until(() -> ahead.ids().size() == 10);
      String ending = tell("run.finished");
      story.add(ending);
      first.get(20, TimeUnit.SECONDS);

      Recorder late = new Recorder();
      reader(Duration.ofMinutes(5)).follow(runId, story.get(1), null, lease.tail(), late);
      assertThat(lease.tail().coveredAfter())
          .as("the window holds only the newest " + BATCH)
          .isGreaterThan(story.get(1));
      assertThat(late.ids()).isEqualTo(story.subList(2, story.size()));
      assertThat(ahead.ids()).isEqualTo(story);
    }
  }

  private LiveReader reader(Duration idle) {
    return reader(idle, Clock.systemUTC());
  }

  private LiveReader reader(Duration idle, Clock clock) {
    return new LiveReader(commands, settings(idle), clock);
  }

  private static LiveSettings settings(Duration idle) {
    return new LiveSettings(5, 10, idle, Duration.ofSeconds(30), BATCH, Duration.ofMillis(50));
  }

  private long blockedClients() {
    Matcher blocked = Pattern.compile("blocked_clients:(\\d+)").matcher(commands.info("clients"));
    return blocked.find() ? Long.parseLong(blocked.group(1)) : -1;
  }

  private List<String> tell(int chunks) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= chunks; i++) {
      ids.add(
          commands.xadd(Streams.live(runId), Map.of("type", "step.output", "chunk", "chunk " + i)));
    }
    return ids;
  }

  private String tell(String type) {
    return commands.xadd(Streams.live(runId), Map.of("type", type, "status", "COMPLETED"));
  }

  /** XREAD calls Redis has served so far. */
  private long xreads() {
    Matcher calls =
        Pattern.compile("cmdstat_xread:calls=(\\d+)").matcher(commands.info("commandstats"));
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Keeps what the stream is told. */
  private static final class Recorder implements LiveReader.Sink {
    final List<String[]> events = new ArrayList<>();
    final List<String> data = new ArrayList<>();

    @Override
    public void event(String id, String type, String data) {
      events.add(new String[] {id, type});
      this.data.add(data);
    }

    @Override
    public void comment(String text) {}

    List<String> ids() {
      return events.stream().map(e -> e[0]).toList();
    }

    List<String> types() {
      return events.stream().map(e -> e[1]).toList();
    }
  }

  /** A clock one minute later at each reading. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      now = now.plus(Duration.ofMinutes(1));
      return now;
    }
  }
}
