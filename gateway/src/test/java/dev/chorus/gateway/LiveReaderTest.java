package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reader against a real redis-server: where a stream starts, what it holds and how it ends. */
@ExtendWith(ServersExtension.class)
class LiveReaderTest {

  private static final int BATCH = 3;

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private String runId;

  LiveReaderTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    runId = "run-" + UUID.randomUUID();
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void anEndedRunIsToldWholeInBatchesUpToItsEndingThenTheStreamEnds() throws IOException {
    List<String> ids = tell(10);
    tell("run.finished");
    Recorder sink = new Recorder();
    long reads = xreads();
    reader(Duration.ofMinutes(5)).follow(runId, null, "COMPLETED", sink);

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
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(3), "COMPLETED", sink);

    assertThat(sink.ids()).containsExactly(ids.get(4), ids.get(5), ending);
  }

  @Test
  void anEndedRunWithoutItsEndingInTheStreamIsToldItByTheGateway() throws IOException {
    tell(2);
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, null, "TERMINATED", sink);

    assertThat(sink.types()).containsExactly("step.output", "step.output", "run.finished");
    assertThat(sink.ids().get(2)).as("the gateway's own event cannot be resumed from").isNull();
    assertThat(sink.data.get(2)).contains("\"status\":\"TERMINATED\"");
  }

  @Test
  void aClientThatHadTheEndingGetsNothingMore() throws IOException {
    tell(2);
    String ending = tell("run.finished");
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ending, "COMPLETED", sink);

    assertThat(sink.types()).isEmpty();
  }

  @Test
  void aClientWhosePositionWasTrimmedAwayIsToldOfTheGapFirst() throws IOException {
    List<String> ids = tell(6);
    String ending = tell("run.finished");
    commands.xtrim(Streams.live(runId), 3);
    Recorder sink = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(1), "COMPLETED", sink);

    assertThat(sink.types())
        .containsExactly(LiveReader.STREAM_GAP, "step.output", "step.output", "run.finished");
    assertThat(sink.data.get(0)).contains("\"oldestKept\":\"" + ids.get(4) + "\"");
    assertThat(sink.ids()).containsExactly(null, ids.get(4), ids.get(5), ending);

    Recorder fresh = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, null, "COMPLETED", fresh);
    assertThat(fresh.types())
        .first()
        .as("from the start, the start is missing")
        .isEqualTo(LiveReader.STREAM_GAP);

    Recorder ahead = new Recorder();
    reader(Duration.ofMinutes(5)).follow(runId, ids.get(5), "COMPLETED", ahead);
    assertThat(ahead.types())
        .as("past the oldest kept entry, nothing is missing")
        .containsExactly("run.finished");
  }

  @Test
  void aRunningRunsStreamClosesOnceIdleForTheIdleTimeout() throws IOException {
    List<String> ids = tell(2);
    Recorder sink = new Recorder();
    // Each reading of the clock moves it on a minute: the stream is idle at the second empty read.
    reader(Duration.ofMinutes(2), new SteppingClock()).follow(runId, null, null, sink);

    assertThat(sink.ids()).containsExactly(ids.get(0), ids.get(1), null);
    assertThat(sink.types()).last().isEqualTo(LiveReader.STREAM_CLOSED);
    assertThat(sink.data.get(2))
        .contains("\"reason\":\"idle\"")
        .contains("chorus.live.idle-timeout");
  }

  private LiveReader reader(Duration idle) {
    return reader(idle, Clock.systemUTC());
  }

  private LiveReader reader(Duration idle, Clock clock) {
    return new LiveReader(
        commands,
        new LiveSettings(5, 10, idle, Duration.ofSeconds(30), BATCH, Duration.ofMillis(50)),
        clock);
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
