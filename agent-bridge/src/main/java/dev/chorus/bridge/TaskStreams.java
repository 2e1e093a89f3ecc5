package dev.chorus.bridge;

import dev.chorus.protocol.Streams;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisKeyCommands;
import java.util.ArrayList;
import java.util.List;

/** Finds every capability's task stream, whoever created it. */
final class TaskStreams {

  private TaskStreams() {}

  static List<String> all(RedisKeyCommands<String, String> redis) {
    List<String> streams = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches(Streams.TASKS_PREFIX + "*").limit(500));
      streams.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return streams;
  }
}
