package dev.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.app.SettingsMetadata.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * docs/configuration.md's table is the configuration metadata of {@code chorus.*}: every key the
 * metadata has, no other, each with the metadata's default and description. On a difference the
 * failure prints the table as it should be; {@code -Dchorus.configuration.write} writes it into the
 * document instead ({@code mvn -B -pl app -am test -Dtest=ConfigurationDocumentTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dchorus.configuration.write}).
 */
class ConfigurationDocumentTest {

  static final String DOCUMENT = "docs/configuration.md";
  static final String README = "README.md";
  static final String BEGIN =
      "<!-- settings table: written from app's spring-configuration-metadata.json, checked by ConfigurationDocumentTest -->";
  static final String END = "<!-- end of settings table -->";

  private static final Pattern CODE_TAG = Pattern.compile("\\{@code ([^}]*)}");
  private static final Pattern CELL_SPLIT = Pattern.compile("(?<!\\\\)\\|");
  private static final Pattern INDIRECTION = Pattern.compile("\\$\\{(\\w+):(.*)}");

  private static Path root;
  private static Map<String, Setting> metadata;
  private static Map<String, Row> expected;

  /**
   * One line of the table.
   *
   * @param key the setting
   * @param defaultValue the default as written in the table, {@code none} for none
   * @param description what the setting does
   */
  record Row(String key, String defaultValue, String description) {

    String markdown() {
      return "| `" + key + "` | " + defaultValue + " | " + description + " |";
    }
  }

  @BeforeAll
  static void read() throws IOException {
    root = repositoryRoot();
    metadata = SettingsMetadata.chorusSettings();
    expected = new LinkedHashMap<>();
    metadata
        .values()
        .forEach(
            s ->
                expected.put(s.key(), new Row(s.key(), defaultCell(s), describe(s.description()))));
    if (System.getProperty("chorus.configuration.write") != null) {
      write();
    }
  }

  @Test
  void theTableListsEverySettingOfTheMetadataAndNoOther() throws IOException {
    Map<String, Row> table = table();
    var missing = new TreeSet<>(expected.keySet());
    missing.removeAll(table.keySet());
    var unknown = new TreeSet<>(table.keySet());
    unknown.removeAll(expected.keySet());
    assertThat(missing)
        .as("settings missing from %s; the table should read:%n%s", DOCUMENT, expectedTable())
        .isEmpty();
    assertThat(unknown)
        .as(
            "%s lists settings ChorusProperties does not have; the table should read:%n%s",
            DOCUMENT, expectedTable())
        .isEmpty();
  }

  @Test
  void theTableGivesTheMetadataDefaultsAndDescriptions() throws IOException {
    List<String> wrong = new ArrayList<>();
    table()
        .forEach(
            (key, row) -> {
              Row should = expected.get(key);
              if (should != null && !should.defaultValue().equals(row.defaultValue())) {
                wrong.add(
                    key
                        + ": default "
                        + row.defaultValue()
                        + " in the table, "
                        + should.defaultValue()
                        + " in ChorusProperties");
              }
              if (should != null && !should.description().equals(row.description())) {
                wrong.add(
                    key
                        + ": description '"
                        + row.description()
                        + "' in the table, '"
                        + should.description()
                        + "' in ChorusProperties");
              }
            });
    assertThat(wrong)
        .as(
            "rows of %s that differ from the metadata; the table should read:%n%s",
            DOCUMENT, expectedTable())
        .isEmpty();
  }

  /**
   * README's environment variables that set a {@code chorus.*} key, by Spring Boot's name for it
   * ({@code CHORUS_REDIS_URI}) or through a {@code ${VARIABLE:default}} of application.yaml ({@code
   * CHORUS_BRIDGE_CONSUMER}), give the key's default; and so does each such indirection.
   */
  @Test
  void environmentVariablesGiveTheDefaultsOfTheirSettings() throws IOException {
    Map<String, String> keyOfVariable = new LinkedHashMap<>();
    List<String> wrong = new ArrayList<>();
    for (Setting setting : metadata.values()) {
      String upper = setting.key().toUpperCase(Locale.ROOT).replace('.', '_');
      keyOfVariable.put(upper.replace("-", ""), setting.key());
      keyOfVariable.put(upper.replace('-', '_'), setting.key());
    }
    for (PropertySource<?> document :
        new YamlPropertySourceLoader()
            .load("application.yaml", new ClassPathResource("application.yaml"))) {
      if (document instanceof org.springframework.core.env.EnumerablePropertySource<?> yaml) {
        for (String key : yaml.getPropertyNames()) {
          Matcher m = INDIRECTION.matcher(String.valueOf(yaml.getProperty(key)));
          if (metadata.containsKey(key) && m.matches()) {
            keyOfVariable.put(m.group(1), key);
            if (!expected.get(key).defaultValue().equals(code(m.group(2)))) {
              wrong.add(
                  "application.yaml: "
                      + key
                      + " falls back to "
                      + m.group(2)
                      + ", its default is "
                      + expected.get(key).defaultValue());
            }
          }
        }
      }
    }
    int rows = 0;
    for (String line : Files.readAllLines(root.resolve(README))) {
      String[] cells = cells(line);
      if (cells.length < 3 || !cells[0].startsWith("`CHORUS_")) {
        continue;
      }
      for (String variable : cells[0].replace("`", "").split(",\\s*")) {
        String key = keyOfVariable.get(variable);
        if (key != null) {
          rows++;
          if (!expected.get(key).defaultValue().equals(cells[1])) {
            wrong.add(
                README
                    + ": "
                    + variable
                    + " ("
                    + key
                    + ") defaults to "
                    + cells[1]
                    + ", the setting to "
                    + expected.get(key).defaultValue());
          }
        }
      }
    }
    assertThat(rows).as("README variables that set chorus.* keys").isPositive();
    assertThat(wrong).isEmpty();
  }

  private static String defaultCell(Setting setting) {
    if (!setting.hasDefault()) {
      return "none";
    }
    return String.join(
        ", ", setting.defaults().stream().map(ConfigurationDocumentTest::code).toList());
  }

  private static String code(String value) {
    return "`" + value + "`";
  }

  /**
   * The Javadoc text as Markdown: {@code {@code x}} as {@code `x`}, one line, pipes escaped for the
   * table.
   */
  private static String describe(String javadoc) {
    return CODE_TAG
        .matcher(javadoc)
        .replaceAll(m -> Matcher.quoteReplacement(code(m.group(1))))
        .replaceAll("\\s+", " ")
        .replace("|", "\\|")
        .strip();
  }

  private static String expectedTable() {
    StringBuilder table =
        new StringBuilder("| key | default | description |\n| --- | --- | --- |\n");
    expected.values().forEach(row -> table.append(row.markdown()).append('\n'));
    return table.toString();
  }

  private static Map<String, Row> table() throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : region().split("\n")) {
      String[] cells = cells(line);
      if (cells.length == 3 && cells[0].startsWith("`")) {
        String key = cells[0].replace("`", "");
        rows.put(key, new Row(key, cells[1], cells[2]));
      }
    }
    return rows;
  }

  /** The cells of one Markdown table line, trimmed; none for a line that is not a table row. */
  private static String[] cells(String line) {
    String row = line.strip();
    if (!row.startsWith("|") || !row.endsWith("|")) {
      return new String[0];
    }
    return CELL_SPLIT
        .splitAsStream(row.substring(1, row.length() - 1))
        .map(String::strip)
        .toArray(String[]::new);
  }

  private static String region() throws IOException {
    String document = Files.readString(root.resolve(DOCUMENT));
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    assertThat(begin).as("%s has the markers of the settings table", DOCUMENT).isNotNegative();
    assertThat(end).as("%s has the markers of the settings table", DOCUMENT).isGreaterThan(begin);
    return document.substring(begin + BEGIN.length(), end);
  }

  private static void write() throws IOException {
    Path file = root.resolve(DOCUMENT);
    String document = Files.readString(file);
    String region = region();
    Files.writeString(
        file, document.replace(BEGIN + region + END, BEGIN + "\n" + expectedTable() + END));
  }

  /** The nearest directory upwards with docs/ and a pom.xml: the tests run in app/. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (docs/ and pom.xml) above " + Path.of("").toAbsolutePath());
  }
}
