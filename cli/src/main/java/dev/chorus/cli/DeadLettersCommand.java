package dev.chorus.cli;

import dev.chorus.gateway.DeadLetterQueues;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.DispatchSecrets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect, re-drive or discard dead letters.",
      "A queue is a capability's name, or 'replies'. Without a subcommand: the queues and their lengths."
    },
    subcommands = {
      DeadLettersCommand.List.class,
      DeadLettersCommand.Redrive.class,
      DeadLettersCommand.Discard.class
    })
final class DeadLettersCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return new List().call();
  }

  static DeadLetterQueues queues(RedisSession redis, Duration redriveDeadline) {
    // The local stack's generated token key renews re-driven tasks' tokens as the gateway does.
    return new DeadLetterQueues(
        new DeadLetters(
            redis.commands(),
            DispatchSecrets.stored(redis.commands(), Duration.ZERO, Clock.systemUTC())
                .orElse(null)),
        redriveDeadline);
  }

  /** The queue and, optionally, the one entry of it that redrive and discard act on. */
  static final class QueueEntry {

    @Parameters(index = "0", paramLabel = "queue")
    String queue;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "id",
        description = "an entry id; every entry when omitted")
    String id;

    ChorusCommand.CommandFailed missing() {
      return new ChorusCommand.CommandFailed("no entry " + id + " in dead-letter queue " + queue);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The queues, or the entries of one queue with their reasons.")
  static final class List implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "queue")
    String queue;

    @Parameters(index = "1", arity = "0..1", paramLabel = "limit", defaultValue = "100")
    int limit;

    @Override
    public Integer call() {
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        DeadLetterQueues queues = queues(redis, Duration.ZERO);
        if (queue == null) {
          java.util.List<java.util.List<String>> rows = new ArrayList<>();
          queues
              .queues()
              .forEach(
                  q ->
                      rows.add(java.util.List.of(q.queue(), Long.toString(q.count()), q.stream())));
          Console.table(java.util.List.of("QUEUE", "ENTRIES", "STREAM"), rows);
        } else {
          for (DeadLetter letter : queues.list(queue, limit)) {
            System.out.printf(
                "%s  deliveries=%d  run=%s  step=%s%n    reason: %s%n",
                letter.id(),
                letter.deliveries(),
                letter.fields().getOrDefault("workflowId", "-"),
                letter.fields().getOrDefault("step", "-"),
                letter.reason());
          }
        }
      }
      return 0;
    }
  }

  @Command(
      name = "redrive",
      mixinStandardHelpOptions = true,
      description =
          "Put one entry (or every entry) of a queue back on the stream it came from, with a fresh deadline.")
  static final class Redrive implements Callable<Integer> {

    @Mixin QueueEntry entry;

    @Option(
        names = "--deadline",
        defaultValue = "5m",
        converter = DurationConverter.class,
        description =
            "the fresh deadline of a re-driven task, from now (default ${DEFAULT-VALUE}, as chorus.bus.redrive-deadline)")
    Duration deadline;

    @Override
    public Integer call() {
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        DeadLetterQueues queues = queues(redis, deadline);
        if (entry.id == null) {
          System.out.println(
              "re-drove " + queues.redriveAll(entry.queue) + " entries of " + entry.queue);
        } else {
          String newId = queues.redrive(entry.queue, entry.id).orElseThrow(entry::missing);
          System.out.println("re-drove " + entry.id + " as " + newId);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description = "Drop one entry (or every entry) of a queue.")
  static final class Discard implements Callable<Integer> {

    @Mixin QueueEntry entry;

    @Override
    public Integer call() {
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        DeadLetterQueues queues = queues(redis, Duration.ZERO);
        if (entry.id == null) {
          System.out.println(
              "discarded " + queues.discardAll(entry.queue) + " entries of " + entry.queue);
        } else if (queues.discard(entry.queue, entry.id)) {
          System.out.println("discarded " + entry.id);
        } else {
          throw entry.missing();
        }
      }
      return 0;
    }
  }
}
