package dev.chorus.definition;

import dev.chorus.pipeline.model.PipelineDefinition;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every version of every definition, in Redis: the set {@value #NAMES} of pipeline names, and per
 * pipeline a hash {@code chorus:pipeline:<name>} from version to the definition as JSON. A version
 * once stored never changes; registering it again with other content is refused.
 */
public class RedisDefinitionStore implements DefinitionCatalog {

  public static final String NAMES = "chorus:pipelines";

  private final RedisCommands<String, String> redis;
  private final ObjectMapper json = JsonMapper.builder().build();

  public RedisDefinitionStore(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  /**
   * @param created false when this exact version was already stored with the same content
   */
  public record Registered(String name, int version, boolean created) {}

  public Registered register(PipelineDefinition definition) {
    String key = key(definition.name());
    String body = json.writeValueAsString(definition);
    boolean created = redis.hsetnx(key, Integer.toString(definition.version()), body);
    if (!created
        && !definition.equals(read(redis.hget(key, Integer.toString(definition.version()))))) {
      throw new VersionConflictException(definition.name(), definition.version());
    }
    redis.sadd(NAMES, definition.name());
    return new Registered(definition.name(), definition.version(), created);
  }

  @Override
  public Optional<PipelineDefinition> find(String name, Integer version) {
    if (version != null) {
      return Optional.ofNullable(redis.hget(key(name), version.toString())).map(this::read);
    }
    List<PipelineDefinition> all = versions(name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Override
  public List<PipelineDefinition> versions(String name) {
    Map<String, String> stored = redis.hgetall(key(name));
    List<PipelineDefinition> all =
        new ArrayList<>(stored.values().stream().map(this::read).toList());
    all.sort(Comparator.comparingInt(PipelineDefinition::version));
    return all;
  }

  @Override
  public List<String> names() {
    return redis.smembers(NAMES).stream().sorted().toList();
  }

  private PipelineDefinition read(String body) {
    return json.readValue(body, PipelineDefinition.class);
  }

  private static String key(String name) {
    return "chorus:pipeline:" + name;
  }
}
