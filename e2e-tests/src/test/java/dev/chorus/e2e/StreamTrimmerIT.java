package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.bridge.StreamTrimmer;
import dev.chorus.protocol.StreamGroups;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Streams are trimmed only of entries that every consumer group has read and acknowledged. */
@ChorusE2E
class StreamTrimmerIT {

  private final RedisCommands<String, String> redis;
  private final StreamTrimmer trimmer;

  StreamTrimmerIT(TestStack stack) {
    this.redis = stack.redis;
    this.trimmer = new StreamTrimmer(redis, 100_000);
  }

  @Test
  void onlyEntriesEveryGroupAcknowledgedAreTrimmed() {
    String stream = "chorus:tasks:test.trim";
    redis.del(stream);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(redis.xadd(stream, Map.of("n", Integer.toString(i))));
    }
    assertThat(trimmer.trim(stream)).as("nobody reads it yet").isZero();

    StreamGroups.ensure(redis, stream, "fast");
    StreamGroups.ensure(redis, stream, "slow");
    acknowledge(stream, "fast", read(stream, "fast", 10));
    List<StreamMessage<String, String>> slow = read(stream, "slow", 6);
    acknowledge(stream, "slow", slow.subList(0, 4));

    assertThat(trimmer.trim(stream)).isEqualTo(4);
    assertThat(redis.xrange(stream, io.lettuce.core.Range.create("-", "+")))
        .extracting(StreamMessage::getId)
        .as("pending with the slow group, or not yet read by it")
        .isEqualTo(ids.subList(4, 10));

    acknowledge(stream, "slow", slow.subList(4, 6));
    acknowledge(stream, "slow", read(stream, "slow", 10));
    assertThat(trimmer.trim(stream)).isEqualTo(6);
    assertThat(redis.xlen(stream)).isZero();
  }

  private List<StreamMessage<String, String>> read(String stream, String group, int count) {
    return redis.xreadgroup(
        Consumer.from(group, "reader"),
        XReadArgs.Builder.count(count),
        StreamOffset.lastConsumed(stream));
  }

  private void acknowledge(
      String stream, String group, List<StreamMessage<String, String>> messages) {
    redis.xack(stream, group, messages.stream().map(StreamMessage::getId).toArray(String[]::new));
  }
}
