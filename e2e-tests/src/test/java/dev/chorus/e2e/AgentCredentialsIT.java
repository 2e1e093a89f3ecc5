package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.gateway.ApiKeys;
import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.credentials.AgentCredentials;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The red team's attacks of a compromised agent, on the real stack: with the credentials of
 * capability A an agent can do its own work and nothing of B's, nor touch the control plane; what
 * is planted in Redis by other means is refused by the application.
 */
@ChorusE2E
class AgentCredentialsIT {

  private static final String A = "test.cred-a";
  private static final String B = "test.cred-b";

  private final TestStack stack;
  private final Gateway admin;
  private RedisClient client;

  AgentCredentialsIT(TestStack stack) {
    this.stack = stack;
    this.admin = new Gateway(stack.gatewayUrl);
  }

  @AfterEach
  void disconnect() {
    if (client != null) {
      client.shutdown();
    }
  }

  @Test
  void anAgentOfAReachesItsOwnWorkAndNothingElse() {
    StreamGroups.ensure(stack.redis, Streams.tasks(B, 1), Streams.AGENT_GROUP);
    String taskOfB = stack.redis.xadd(Streams.tasks(B, 1), Map.of("taskId", "b-secret"));
    RedisCommands<String, String> agent = connect(A, "cred-a-1").sync();

    // Its own work: join the group, read, claim, acknowledge, register, reply, dead-letter.
    StreamGroups.ensure(agent, Streams.tasks(A, 1), Streams.AGENT_GROUP);
    Consumer<String> me = Consumer.from(Streams.AGENT_GROUP, "cred-a-1");
    stack.redis.xadd(Streams.tasks(A, 1), Map.of("taskId", "a-1"));
    var read = agent.xreadgroup(me, XReadArgs.StreamOffset.lastConsumed(Streams.tasks(A, 1)));
    assertThat(read).hasSize(1);
    assertThat(agent.xack(Streams.tasks(A, 1), Streams.AGENT_GROUP, read.get(0).getId()))
        .isEqualTo(1);
    AgentRegistration self = new AgentRegistration("cred-a-1", A, "1.0.0", 1, Map.of(), false);
    agent.hset(self.key(), self.toEntry(System.currentTimeMillis() + 60_000));
    agent.incr(RegistryKeys.VERSION);
    agent.publish(RegistryKeys.CHANGES, "cred-a-1");
    assertThat(agent.xadd(Streams.REPLIES, Map.of("probe", "reply"))).isNotBlank();
    assertThat(agent.xadd(Streams.deadTasks(A), Map.of("probe", "dead"))).isNotBlank();
    agent.del(self.key());

    // B's tasks: neither read, nor claimed in the group, nor acknowledged.
    assertNoPermission(
        agent,
        r ->
            r.xreadgroup(
                Consumer.from(Streams.AGENT_GROUP, "thief"),
                XReadArgs.StreamOffset.from(Streams.tasks(B, 1), "0")));
    assertNoPermission(agent, r -> r.xrange(Streams.tasks(B, 1), Range.create("-", "+")));
    assertNoPermission(agent, r -> r.xack(Streams.tasks(B, 1), Streams.AGENT_GROUP, taskOfB));
    assertNoPermission(agent, r -> r.xrange(Streams.tasks(A, 1), Range.create("-", "+")));
    // Tasks are Chorus's to write, and replies the bridge's to read.
    assertNoPermission(agent, r -> r.xadd(Streams.tasks(A, 1), Map.of("taskId", "forged")));
    assertNoPermission(agent, r -> r.xrange(Streams.REPLIES, Range.create("-", "+")));
    assertNoPermission(
        agent,
        r ->
            r.xreadgroup(
                Consumer.from(Streams.BRIDGE_GROUP, "thief"),
                XReadArgs.StreamOffset.from(Streams.REPLIES, "0")));
    assertNoPermission(agent, r -> r.xadd(Streams.deadTasks(B), Map.of("probe", "dead")));
    // The registry: registering as B, or touching another agent's entry.
    AgentRegistration asB = new AgentRegistration("cred-a-1", B, "9.0.0", 1, Map.of(), false);
    assertNoPermission(agent, r -> r.hset(asB.key(), asB.toEntry(Long.MAX_VALUE)));
    String other = RegistryKeys.agent(A, "cred-a-2");
    assertNoPermission(agent, r -> r.hset(other, "state", "draining"));
    assertNoPermission(agent, r -> r.del(other));
    // The control plane: definitions, API keys, dead letters, the keyspace.
    assertNoPermission(agent, r -> r.hgetall("chorus:pipeline:" + TestPipelines.ECHO_TWICE));
    assertNoPermission(agent, r -> r.hset("chorus:pipeline:echo-twice", "1", "{}"));
    assertNoPermission(agent, r -> r.smembers(RedisDefinitionStore.NAMES));
    assertNoPermission(agent, r -> r.hgetall(ApiKeys.KEYS));
    assertNoPermission(agent, r -> r.hset(ApiKeys.KEYS, "0".repeat(64), "admin:minted"));
    assertNoPermission(agent, r -> r.xrange(Streams.deadTasks(A), Range.create("-", "+")));
    assertNoPermission(agent, r -> r.keys("*"));
  }

  @Test
  void theRegistryIgnoresAnEntryThatDoesNotMatchItsKey() {
    AgentRegistration claimsB = new AgentRegistration("liar", B, "9.0.0", 1, Map.of(), false);
    String keyOfA = RegistryKeys.agent(A, "liar");
    stack.redis.hset(keyOfA, claimsB.toEntry(System.currentTimeMillis() + 60_000));
    try {
      assertThat(new RedisRegistry(stack.redis).snapshot().agents())
          .noneMatch(agent -> agent.agentId().equals("liar"));
    } finally {
      stack.redis.del(keyOfA);
    }
  }

  @Test
  void aTamperedStoredDefinitionRefusesToStart() throws Exception {
    Map<String, Object> definition =
        Map.of(
            "name",
            "cred-tamper",
            "version",
            1,
            "steps",
            List.of(Map.of("name", "only", "kind", "agent", "capability", A, "timeout", "10s")));
    assertThat(admin.post("/api/v1/pipelines", definition).status()).isIn(200, 201);
    String stored = stack.redis.hget("chorus:pipeline:cred-tamper", "1");
    stack.redis.hset("chorus:pipeline:cred-tamper", "1", stored.replace(A, B));

    Gateway.Response refused =
        admin.post("/api/v1/pipelines/cred-tamper/runs", Map.of("input", Map.of()));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("detail").toString())
        .contains("cred-tamper version 1 fails its integrity check");
  }

  @Test
  void anApiKeyWrittenIntoTheKeyHashAloneIsRefused() throws Exception {
    String key = "chorus_minted-" + java.util.UUID.randomUUID();
    stack.redis.hset(ApiKeys.KEYS, ApiKeys.sha256(key), "admin:minted");
    try {
      assertThat(new Gateway(stack.gatewayUrl, "X-API-Key", key).get("/api/v1/api-keys").status())
          .isEqualTo(401);
    } finally {
      stack.redis.hdel(ApiKeys.KEYS, ApiKeys.sha256(key));
    }
  }

  @Test
  void aPlantedDeadLetterReDrivesOnlyToItsOwnCapabilitysStream() throws Exception {
    String target = Streams.tasks(B, 1);
    long before = stack.redis.xlen(target);
    String planted =
        DeadLetters.add(
            stack.redis,
            Streams.deadTasks(A),
            new DeadLetter(null, target, "0-1", "planted", "attacker", 1, Map.of("taskId", "x")));

    Gateway.Response refused =
        admin.post("/api/v1/dead-letters/" + A + "/" + planted + "/redrive", Map.of());

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("detail").toString())
        .contains("names stream '" + target + "', which is not a task stream of " + A);
    assertThat(stack.redis.xlen(target)).as("entries of " + target).isEqualTo(before);
    stack.redis.xdel(Streams.deadTasks(A), planted);
  }

  @Test
  void revokingCutsAConnectedAgentOffAndKeepsItOut() {
    StatefulRedisConnection<String, String> agent = connect(A, "cred-a-revoked");
    assertThat(agent.sync().ping()).isEqualTo("PONG");
    String user = AgentCredentials.userName(A, "cred-a-revoked");
    assertThat(stack.credentials.list()).anyMatch(u -> u.user().equals(user));

    assertThat(stack.credentials.revoke(user)).isTrue();

    await("the revoked agent's connection is closed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !agent.isOpen());
    assertThat(stack.credentials.list()).noneMatch(u -> u.user().equals(user));
    assertThatThrownBy(() -> client.connect().sync().ping()).isInstanceOf(RedisException.class);
  }

  private StatefulRedisConnection<String, String> connect(String capability, String agentId) {
    client = RedisClient.create(stack.credentials.create(capability, agentId).uri());
    client.setOptions(ClientOptions.builder().autoReconnect(false).build());
    return client.connect();
  }

  private static void assertNoPermission(
      RedisCommands<String, String> agent, Function<RedisCommands<String, String>, ?> command) {
    assertThatThrownBy(() -> command.apply(agent))
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageStartingWith("NOPERM");
  }
}
