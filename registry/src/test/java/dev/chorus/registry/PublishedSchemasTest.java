package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schemas as agents write them into their hashes, read back through a real redis-server. */
@ExtendWith(ServersExtension.class)
class PublishedSchemasTest {

  private static final String INPUT =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";
  private static final String OUTPUT =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}}";

  private final RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> redis;

  PublishedSchemasTest(RedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(server.uri());
    connection = client.connect();
    redis = connection.sync();
    redis.flushall();
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
  }

  @Test
  void theHighestVersionInRangeGivesTheCapabilitysSchemas() {
    register("sum-1", "1.2.0", INPUT, OUTPUT);
    register("sum-2", "1.0.0", "{\"type\":\"object\"}", null);
    register("sum-3", "2.0.0", "{\"type\":\"object\",\"required\":[\"body\"]}", null);

    RegistrySnapshot snapshot = new RedisRegistry(redis).snapshot();

    assertThat(snapshot.schemas(CapabilityRequirement.parse("text.summary", "1.x", List.of())))
        .isEqualTo(new PublishedSchemas(INPUT, OUTPUT));
    assertThat(
            snapshot.schemas(CapabilityRequirement.parse("text.summary", "*", List.of())).input())
        .contains("body");
    assertThat(snapshot.schemas(CapabilityRequirement.parse("text.summary", "3.x", List.of())))
        .isEqualTo(PublishedSchemas.NONE);
  }

  @Test
  void aSchemaOverTheLimitOrNotJsonCountsAsNotPublishedAndTheAgentIsStillRouted() {
    String huge =
        "{\"description\":\""
            + "x".repeat(RegistryKeys.MAX_SCHEMA_BYTES)
            + "\",\"type\":\"object\"}";
    register("sum-1", "1.0.0", huge, "{not json");

    RegistrySnapshot snapshot = new RedisRegistry(redis).snapshot();
    CapabilityRequirement any = CapabilityRequirement.parse("text.summary", "*", List.of());

    assertThat(snapshot.schemas(any)).isEqualTo(PublishedSchemas.NONE);
    assertThat(snapshot.best(any, null)).map(RegisteredAgent::agentId).contains("sum-1");
  }

  @Test
  void agentsOfOneVersionThatDisagreeLeaveTheSchemaUnknown() {
    register("sum-1", "1.0.0", INPUT, OUTPUT);
    register("sum-2", "1.0.0", "{\"type\":\"object\"}", OUTPUT);

    PublishedSchemas schemas =
        new RedisRegistry(redis)
            .snapshot()
            .schemas(CapabilityRequirement.parse("text.summary", "*", List.of()));

    assertThat(schemas).isEqualTo(new PublishedSchemas(null, OUTPUT));
  }

  @Test
  void theCapabilitiesOverviewShowsEachMajorsSchemas() {
    register("sum-1", "1.2.0", INPUT, OUTPUT);

    CapabilityView.Major major =
        new RegistryOverview(new RedisRegistry(redis), redis).capabilities().get(0).majors().get(0);

    assertThat(major.inputSchema()).containsEntry("required", List.of("text"));
    assertThat(major.outputSchema()).containsKey("properties");
  }

  private void register(String agentId, String version, String input, String output) {
    AgentRegistration registration =
        new AgentRegistration(agentId, "text.summary", version, 1, Map.of(), false);
    Map<String, String> fields = new HashMap<>(registration.toEntry(Long.MAX_VALUE));
    if (input != null) {
      fields.put(RegistryKeys.INPUT_SCHEMA_FIELD, input);
    }
    if (output != null) {
      fields.put(RegistryKeys.OUTPUT_SCHEMA_FIELD, output);
    }
    redis.hset(registration.key(), fields);
  }
}
