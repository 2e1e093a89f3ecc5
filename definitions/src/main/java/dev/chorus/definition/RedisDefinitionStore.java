package dev.chorus.definition;

import dev.chorus.pipeline.model.PipelineDefinition;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every version of every definition, in Redis: the set {@value #NAMES} of pipeline names, and per
 * pipeline a hash {@code chorus:pipeline:<name>} from version to the definition as JSON, its
 * description beside the other fields. A version once stored never changes; registering it again
 * with other content is refused, except that a version stored before descriptions were kept gains
 * the description it is registered with again.
 *
 * <p>Beside each version its digest, the SHA-256 of the JSON as this store wrote it (its canonical
 * form), in {@code chorus:pipeline-digests:<name>}. Every read checks it: a definition changed in
 * Redis behind Chorus's back is refused ({@link TamperedDefinitionException}) rather than run.
 * Registering the same definition again writes both anew, which also gives a digest to versions
 * stored before digests existed.
 */
public class RedisDefinitionStore implements DefinitionCatalog {

  public static final String NAMES = "chorus:pipelines";

  private static final String DIGESTS = "chorus:pipeline-digests:";

  private final RedisCommands<String, String> redis;
  private final ObjectMapper json = JsonMapper.builder().build();

  public RedisDefinitionStore(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  /**
   * @param created false when this exact version was already stored with the same content
   */
  public record Registered(String name, int version, boolean created) {}

  public Registered register(DescribedDefinition described) {
    PipelineDefinition definition = described.definition();
    String key = key(definition.name());
    String body = json.writeValueAsString(described);
    String version = Integer.toString(definition.version());
    boolean created = redis.hsetnx(key, version, body);
    if (!created) {
      DescribedDefinition stored = parse(definition.name(), version, redis.hget(key, version));
      // A version stored before descriptions were kept has none: the same definition gains it.
      boolean same =
          definition.equals(stored.definition())
              && (stored.description() == null
                  || stored.description().equals(described.description()));
      if (!same) {
        throw new VersionConflictException(definition.name(), definition.version());
      }
      // The same definition: its canonical text and digest are written again, which restores a
      // version changed behind Chorus's back to what was registered.
      redis.hset(key, version, body);
    }
    redis.hset(DIGESTS + definition.name(), version, sha256(body));
    redis.sadd(NAMES, definition.name());
    return new Registered(definition.name(), definition.version(), created);
  }

  @Override
  public Optional<PipelineDefinition> find(String name, Integer version) {
    if (version != null) {
      return Optional.ofNullable(redis.hget(key(name), version.toString()))
          .map(body -> read(name, version.toString(), body).definition());
    }
    List<PipelineDefinition> all = versions(name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Override
  public List<PipelineDefinition> versions(String name) {
    return described(name).stream().map(DescribedDefinition::definition).toList();
  }

  /** Every version of {@code name} with its description, oldest first. */
  public List<DescribedDefinition> described(String name) {
    Map<String, String> stored = redis.hgetall(key(name));
    Map<String, String> digests = redis.hgetall(DIGESTS + name);
    List<DescribedDefinition> all = new ArrayList<>();
    stored.forEach((version, body) -> all.add(checked(name, version, body, digests.get(version))));
    all.sort(Comparator.comparingInt(described -> described.definition().version()));
    return all;
  }

  @Override
  public List<String> names() {
    return redis.smembers(NAMES).stream().sorted().toList();
  }

  private DescribedDefinition read(String name, String version, String body) {
    return checked(name, version, body, redis.hget(DIGESTS + name, version));
  }

  private DescribedDefinition checked(String name, String version, String body, String digest) {
    if (digest == null) {
      throw new TamperedDefinitionException(name, version, "it has no digest");
    }
    String actual = sha256(body);
    if (!MessageDigest.isEqual(
        actual.getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII))) {
      throw new TamperedDefinitionException(
          name, version, "its SHA-256 is " + actual + ", its digest says " + digest);
    }
    return parse(name, version, body);
  }

  private DescribedDefinition parse(String name, String version, String body) {
    try {
      return DescribedDefinition.read(json, json.readTree(body));
    } catch (JacksonException e) {
      throw new TamperedDefinitionException(name, version, "it is not a readable definition");
    }
  }

  private static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String key(String name) {
    return "chorus:pipeline:" + name;
  }
}
