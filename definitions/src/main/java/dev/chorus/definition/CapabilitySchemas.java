package dev.chorus.definition;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.registry.CapabilityRequirement;
import dev.chorus.registry.RegistrySnapshot;
import dev.chorus.registry.RegistrySource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Agent steps' input mappings against the JSON Schemas their capabilities publish in the registry
 * (the schemas of the highest registered version in the step's range, see {@link
 * RegistrySnapshot#schemas}): a required property the mapping does not set, a literal of a type the
 * schema refuses, and a reference into an earlier step's output that the producing capability's
 * output schema says does not exist. Where no schema is published nothing is checked; a step with
 * no {@code input} passes the run's input on as it is, which only the run can tell.
 */
public final class CapabilitySchemas {

  /** {@code steps.<name>.output.<a>.<b>}; a reference inside {@code has(...)} asks, it may miss. */
  private static final Pattern OUTPUT_REFERENCE =
      Pattern.compile(
          "(has\\(\\s*)?\\bsteps\\.([A-Za-z0-9_]+)\\.output((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");

  /** CEL literals whose JSON type is plain: numbers, booleans, null and simple strings. */
  private static final Pattern LITERAL =
      Pattern.compile(
          "-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?|true|false|null|'[^'\\\\]*'|\"[^\"\\\\]*\"");

  private static final SchemaRegistry VALIDATORS =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final RegistrySource registry;

  public CapabilitySchemas(RegistrySource registry) {
    this.registry = registry;
  }

  /**
   * Checks a stored definition again, as a run of it starts: agents may have registered, or
   * published other schemas, since it was registered.
   *
   * @throws InvalidDefinitionException listing every problem
   */
  public void checkRun(PipelineDefinition definition) {
    JsonNode document = DefinitionDocument.YAML.valueToTree(definition);
    List<Problem> problems = new ArrayList<>();
    check(new StepIndex(document), problems);
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
  }

  void check(StepIndex index, List<Problem> problems) {
    new Pass(index, registry.snapshot()).run(problems);
  }

  /** One check of one definition against one snapshot, each schema read once. */
  private static final class Pass {

    private final StepIndex index;
    private final RegistrySnapshot snapshot;
    private final Map<String, Optional<Parsed>> parsed = new HashMap<>();

    Pass(StepIndex index, RegistrySnapshot snapshot) {
      this.index = index;
      this.snapshot = snapshot;
    }

    void run(List<Problem> problems) {
      for (StepIndex.Entry step : index.entries()) {
        JsonNode input = step.node().path("input");
        if (!isAgent(step) || !input.isObject()) {
          continue;
        }
        Optional<Parsed> schema =
            requirement(step).flatMap(r -> parse(snapshot.schemas(r).input()));
        schema.ifPresent(s -> checkMapping(step, input, s, problems));
        for (Map.Entry<String, JsonNode> field : input.properties()) {
          if (field.getValue().isString()) {
            checkReferences(step, field.getKey(), field.getValue().asString(), problems);
          }
        }
      }
    }

    private void checkMapping(
        StepIndex.Entry step, JsonNode input, Parsed schema, List<Problem> problems) {
      String capability = describe(step);
      for (String property : schema.navigation().required(schema.navigation().root())) {
        if (!input.has(property)) {
          problems.add(
              new Problem(
                  step.path() + "/input",
                  "capability "
                      + capability
                      + " requires property '"
                      + property
                      + "', which this mapping does not set"));
        }
      }
      if (schema.validator() == null) {
        return;
      }
      for (Map.Entry<String, JsonNode> field : input.properties()) {
        literal(field.getValue())
            .ifPresent(
                value -> checkLiteral(step, capability, field.getKey(), value, schema, problems));
      }
    }

    /** The literal alone in an object, so the schema's checks of that property are the ones run. */
    private static void checkLiteral(
        StepIndex.Entry step,
        String capability,
        String property,
        JsonNode value,
        Parsed schema,
        List<Problem> problems) {
      ObjectNode probe = JsonNodeFactory.instance.objectNode();
      probe.set(property, value);
      String at = "/" + escape(property);
      schema.validator().validate(probe).stream()
          .filter(
              error -> {
                String location = error.getInstanceLocation().toString();
                return location.equals(at) || location.startsWith(at + "/");
              })
          .map(error -> error.getMessage())
          .distinct()
          .forEach(
              message ->
                  problems.add(
                      new Problem(
                          step.path() + "/input" + at,
                          "the literal "
                              + value
                              + " does not fit capability "
                              + capability
                              + "'s input schema: "
                              + withoutLocation(message, at))));
    }

    private void checkReferences(
        StepIndex.Entry step, String property, String expression, List<Problem> problems) {
      Matcher reference = OUTPUT_REFERENCE.matcher(expression);
      Set<String> reported = new LinkedHashSet<>();
      while (reference.find()) {
        if (reference.group(1) != null) {
          continue;
        }
        StepIndex.Entry producer = index.named(reference.group(2));
        if (producer == null
            || !isAgent(producer)
            || producer.order() >= step.order()
            || producer.node().has("fallback")) {
          continue; // other rules report a reference to no step or a later one; a fallback may
          // answer
        }
        Optional<Parsed> output =
            requirement(producer).flatMap(r -> parse(snapshot.schemas(r).output()));
        if (output.isEmpty()) {
          continue;
        }
        String[] path = reference.group(3).substring(1).split("\\.");
        missing(producer, output.get().navigation(), path)
            .filter(reported::add)
            .ifPresent(
                missing ->
                    problems.add(
                        new Problem(
                            step.path() + "/input/" + escape(property),
                            "refers to steps."
                                + producer.name()
                                + ".output."
                                + String.join(".", path)
                                + ", but capability "
                                + describe(producer)
                                + "'s output schema has no property "
                                + missing)));
      }
    }

    /**
     * The first property of {@code path} the schema says does not exist, as {@code 'b' in
     * output.a}.
     */
    private static Optional<String> missing(
        StepIndex.Entry producer, SchemaNavigation schema, String[] path) {
      // A step that continues on error has {error: ...} as its output then, whatever its schema.
      if (path[0].equals("error")
          && "continue".equals(producer.node().path("onError").asString(""))) {
        return Optional.empty();
      }
      List<JsonNode> current = List.of(schema.root());
      for (int i = 0; i < path.length; i++) {
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode candidate : current) {
          List<JsonNode> found = schema.property(candidate, path[i]);
          if (found == null) {
            return Optional.empty();
          }
          next.addAll(found);
        }
        if (next.isEmpty()) {
          String at = i == 0 ? "" : " in output." + String.join(".", List.of(path).subList(0, i));
          return Optional.of("'" + path[i] + "'" + at);
        }
        current = next;
      }
      return Optional.empty();
    }

    /** The published schema read once; empty when none is published. */
    private Optional<Parsed> parse(String text) {
      if (text == null) {
        return Optional.empty();
      }
      return parsed.computeIfAbsent(text, Pass::read);
    }

    private static Optional<Parsed> read(String text) {
      JsonNode tree;
      try {
        tree = JSON.readTree(text);
      } catch (JacksonException e) {
        return Optional.empty();
      }
      List<Problem> outside = new ArrayList<>();
      InputSchemaReferences.check(tree, "", outside);
      Schema validator = null;
      if (outside.isEmpty()) {
        // A schema referring outside itself is navigated but not validated with: validation would
        // fetch what it refers to.
        try {
          validator = VALIDATORS.getSchema(tree);
        } catch (RuntimeException unusable) {
          validator = null;
        }
      }
      return Optional.of(new Parsed(new SchemaNavigation(tree), validator));
    }
  }

  private record Parsed(SchemaNavigation navigation, Schema validator) {}

  private static boolean isAgent(StepIndex.Entry step) {
    return "agent".equals(step.node().path("kind").asString(""))
        && step.node().path("capability").isString();
  }

  /** The step's requirement, empty when it does not parse (which other checks report). */
  private static Optional<CapabilityRequirement> requirement(StepIndex.Entry step) {
    JsonNode node = step.node();
    List<String> labels = new ArrayList<>();
    for (JsonNode label : node.path("labels")) {
      if (!label.isString()) {
        return Optional.empty();
      }
      labels.add(label.asString());
    }
    JsonNode version = node.path("version");
    try {
      return Optional.of(
          CapabilityRequirement.parse(
              node.path("capability").asString(),
              version.isString() ? version.asString() : null,
              labels));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code text.summary 1.x}: the capability and the range as the step writes it. */
  private static String describe(StepIndex.Entry step) {
    String capability = step.node().path("capability").asString();
    String version = step.node().path("version").asString("");
    return version.isBlank() || version.equals("*") ? capability : capability + " " + version;
  }

  private static Optional<JsonNode> literal(JsonNode expression) {
    if (!expression.isString() || !LITERAL.matcher(expression.asString().strip()).matches()) {
      return Optional.empty();
    }
    String text = expression.asString().strip();
    if (text.startsWith("'") || text.startsWith("\"")) {
      return Optional.of(JsonNodeFactory.instance.stringNode(text.substring(1, text.length() - 1)));
    }
    return Optional.of(JSON.readTree(text));
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String withoutLocation(String message, String path) {
    String prefix = path + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
