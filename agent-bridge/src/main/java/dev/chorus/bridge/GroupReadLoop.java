package dev.chorus.bridge;

import dev.chorus.protocol.StreamGroups;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The bridge's read of one stream as a consumer of its group, shared by every reader of the bridge:
 * first the entries delivered to this consumer before a restart and never acknowledged, then new
 * ones. The group is created before the first read and again only once Redis answers NOGROUP (the
 * stream and its group were deleted, or Redis came back without its data). After a failure, Redis's
 * or a batch's, it pauses 100 ms doubling to 5 s and reads its own pending entries again, so what
 * was not settled is tried again.
 */
final class GroupReadLoop {

  /** Handles one read's entries; false when some were left unsettled, to be read again. */
  interface Batch {
    boolean settle(List<StreamMessage<String, String>> messages);
  }

  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private final RedisStreamCommands<String, String> redis;
  private final String stream;
  private final Consumer<String> me;
  private final XReadArgs args;
  private final Logger log;

  GroupReadLoop(
      RedisStreamCommands<String, String> redis,
      String stream,
      Consumer<String> me,
      XReadArgs args,
      Logger log) {
    this.redis = redis;
    this.stream = stream;
    this.me = me;
    this.args = args;
    this.log = log;
  }

  /** Reads and settles until {@code running} says no or the thread is interrupted. */
  void run(BooleanSupplier running, Batch batch) {
    boolean readOwnPending = true;
    boolean groupExists = false;
    Duration pause = Duration.ZERO;
    while (running.getAsBoolean()) {
      try {
        if (!pause.isZero()) {
          Thread.sleep(pause.toMillis());
        }
        if (!groupExists) {
          StreamGroups.ensure(redis, stream, me.getGroup());
          groupExists = true;
        }
        StreamOffset<String> from =
            readOwnPending ? StreamOffset.from(stream, "0") : StreamOffset.lastConsumed(stream);
        List<StreamMessage<String, String>> messages = redis.xreadgroup(me, args, from);
        if (readOwnPending && messages.isEmpty()) {
          readOwnPending = false;
        }
        boolean allSettled = batch.settle(messages);
        readOwnPending |= !allSettled;
        pause = allSettled ? Duration.ZERO : longer(pause);
      } catch (RedisException e) {
        readOwnPending = true;
        if (StreamGroups.noGroup(e)) {
          log.warn("consumer group {} of {} is gone; creating it again", me.getGroup(), stream);
          groupExists = false;
          pause = Duration.ZERO;
        } else {
          log.warn("reading {} failed, retrying: {}", stream, e.getMessage());
          pause = longer(pause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Duration longer(Duration pause) {
    Duration next = pause.isZero() ? FIRST_PAUSE : pause.multipliedBy(2);
    return next.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : next;
  }
}
