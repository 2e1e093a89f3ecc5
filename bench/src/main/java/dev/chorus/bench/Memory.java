package dev.chorus.bench;

import io.lettuce.core.api.sync.RedisServerCommands;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory figures: this JVM's heap after a full GC, Redis's used_memory, the Temporal server's RSS.
 */
final class Memory {

  private static final Pattern USED_MEMORY = Pattern.compile("(?m)^used_memory:(\\d+)");
  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

  private Memory() {}

  /**
   * Heap in use after a collection, so the figure is what is live rather than what awaits
   * collection.
   */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long redisUsed(RedisServerCommands<String, String> redis) {
    Matcher m = USED_MEMORY.matcher(redis.info("memory"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Resident memory of a process by PID, or -1 when it cannot be read (not Linux, or no PID given).
   */
  static long residentBytes(String pid) {
    if (pid == null || pid.isBlank()) {
      return -1;
    }
    try {
      Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", pid, "status")));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
