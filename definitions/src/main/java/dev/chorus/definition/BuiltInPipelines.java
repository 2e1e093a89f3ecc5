package dev.chorus.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Definitions shipped on the classpath under {@code pipelines/} (the demo's {@code text-insights}),
 * registered at startup like any other: validated, and stored unless that version already is.
 */
public final class BuiltInPipelines {

  private BuiltInPipelines() {}

  public static void register(
      List<String> resources, DefinitionValidator validator, RedisDefinitionStore store) {
    for (String resource : resources) {
      store.register(validator.validate(read(resource)));
    }
  }

  static String read(String resource) {
    try (InputStream in = BuiltInPipelines.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no pipeline definition on the classpath at " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
