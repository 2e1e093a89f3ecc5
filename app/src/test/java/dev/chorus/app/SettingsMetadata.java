package dev.chorus.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code chorus.*} entries of the {@code META-INF/spring-configuration-metadata.json} that the
 * configuration processor writes from {@link ChorusProperties} while the module compiles.
 */
final class SettingsMetadata {

  static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

  /**
   * One setting as the metadata describes it.
   *
   * @param key the property name, e.g. {@code chorus.bus.reclaim-idle}
   * @param type the bound Java type
   * @param defaults the default as the processor wrote it from {@code @DefaultValue}, one element
   *     per list item; empty when the setting has none
   * @param description the component's {@code @param} text
   */
  record Setting(String key, String type, List<String> defaults, String description) {

    boolean hasDefault() {
      return !defaults.isEmpty();
    }
  }

  private SettingsMetadata() {}

  /**
   * Every {@code chorus.*} setting, by key; the other libraries' metadata on the classpath is
   * skipped.
   */
  static Map<String, Setting> chorusSettings() {
    Map<String, Setting> settings = new TreeMap<>();
    try {
      for (URL url :
          Collections.list(SettingsMetadata.class.getClassLoader().getResources(RESOURCE))) {
        try (InputStream in = url.openStream()) {
          for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
            String key = property.path("name").asText();
            if (key.startsWith("chorus.")) {
              settings.put(
                  key,
                  new Setting(
                      key,
                      property.path("type").asText(),
                      defaults(property.get("defaultValue")),
                      property.path("description").asText()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (settings.isEmpty()) {
      throw new IllegalStateException(
          "no chorus.* settings in any "
              + RESOURCE
              + ": is the configuration processor on the compile path?");
    }
    return settings;
  }

  private static List<String> defaults(JsonNode value) {
    List<String> items = new ArrayList<>();
    if (value == null || value.isNull()) {
      return items;
    }
    if (value.isArray()) {
      value.forEach(item -> items.add(item.asText()));
    } else {
      items.add(value.asText());
    }
    return items;
  }
}
