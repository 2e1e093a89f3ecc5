package dev.chorus.cli;

import dev.chorus.stack.Ports;
import dev.chorus.stack.PostgresTemporal;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.TemporalPorts;
import dev.chorus.stack.TemporalServerPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of {@code ./chorus bench store}: one Temporal per store the local stack can run (the
 * dev server on its SQLite file in WAL mode, the default; the same file store with SQLite's
 * rollback journal; in memory; the Temporal server on PostgreSQL), each started for this run on
 * free ports and on an empty store, so that none carries the history of earlier runs, and stopped
 * after it. The benchmark runs every path on each.
 */
final class StoreBench implements AutoCloseable {

  private static final List<String> PATHS = List.of("bridge", "plain", "ceiling");

  /** A store and the Temporal that runs on it. */
  private record Store(String name, TemporalEngine server) {}

  private final List<Store> stores = new ArrayList<>();

  private StoreBench() {}

  static StoreBench start(LocalStack stack) throws IOException {
    StoreBench bench = new StoreBench();
    try {
      bench.add("wal", stack, fileStore(stack, "wal"), true);
      bench.add("journal", stack, fileStore(stack, "journal"), false);
      bench.add("mem", stack, null, false);
      bench.addPostgres(stack);
    } catch (IOException | RuntimeException e) {
      bench.close();
      throw e;
    }
    return bench;
  }

  /** {@code --variant=<store>-<path>=<path>:temporal=<its server>} for every store and path. */
  List<String> variants() {
    List<String> variants = new ArrayList<>();
    for (Store store : stores) {
      for (String path : PATHS) {
        variants.add(
            "--variant="
                + store.name()
                + "-"
                + path
                + "="
                + path
                + ":temporal="
                + store.server().address());
      }
    }
    return variants;
  }

  @Override
  public void close() {
    stores.forEach(store -> store.server().stop());
  }

  private void add(String name, LocalStack stack, Path database, boolean writeAheadLog) {
    TemporalDevServer server =
        new TemporalDevServer(
            stack.home,
            "bench-temporal-" + name,
            stack.tools,
            TemporalPorts.freeHeadless(),
            database,
            writeAheadLog);
    // One left over by an interrupted run listens on other ports than the ones chosen now.
    server.stop();
    server.start();
    stores.add(new Store(name, server));
  }

  private void addPostgres(LocalStack stack) {
    PostgresTemporal server =
        new PostgresTemporal(
            stack.home,
            "bench-temporal-server",
            stack.tools,
            Ports.free(),
            TemporalServerPorts.free());
    server.stop();
    server.postgres().deleteCluster();
    // Recorded first, so that close() stops the cluster even when the server fails to start.
    stores.add(new Store("postgres", server));
    server.start();
  }

  /** The SQLite file of a file store, emptied: the database and its journal or write-ahead log. */
  private static Path fileStore(LocalStack stack, String name) throws IOException {
    Path database = stack.home.data("bench-temporal-" + name).resolve("bench.db");
    for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
      Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
    }
    return database;
  }
}
