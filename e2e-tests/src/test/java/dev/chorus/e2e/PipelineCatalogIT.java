package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The catalog through the gateway and Redis: a definition's description is stored with its version
 * and answered by the GET of the pipeline and by the list, and a definition with several kinds of
 * problems is refused once, with all of them.
 */
@ChorusE2E
class PipelineCatalogIT {

  private final Gateway gateway;
  private final String pipeline = "catalog-" + UUID.randomUUID().toString().substring(0, 8);

  PipelineCatalogIT(TestStack stack) {
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void theDescriptionIsStoredWithTheVersionAndAnsweredByGetAndList() throws Exception {
    String definition =
        "name: "
            + pipeline
            + "\nversion: 1\ndescription: Echoes what it is given.\n"
            + "steps: [{ name: echo, kind: agent, capability: test.echo }]\n";
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", definition).statusCode())
        .isEqualTo(201);

    assertThat(items(gateway.get("/api/v1/pipelines/" + pipeline).body()))
        .singleElement()
        .satisfies(
            version ->
                assertThat(version)
                    .containsEntry("description", "Echoes what it is given.")
                    .containsEntry("version", 1));
    assertThat(items(gateway.get("/api/v1/pipelines").body()))
        .anySatisfy(
            summary ->
                assertThat(summary)
                    .containsEntry("name", pipeline)
                    .containsEntry("description", "Echoes what it is given."));

    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", definition).statusCode())
        .isEqualTo(200);
    assertThat(
            gateway
                .post(
                    "/api/v1/pipelines",
                    "application/yaml",
                    definition.replace("Echoes what it is given.", "Something else."))
                .statusCode())
        .isEqualTo(409);
  }

  @Test
  void everyKindOfProblemComesBackInOneAnswer() throws Exception {
    HttpResponse<String> refused =
        gateway.post(
            "/api/v1/pipelines/validate",
            "application/yaml",
            """
            name: %s
            version: 0
            steps:
              - { name: ranged, kind: agent, capability: x, version: "^^1", labels: ["gpu==true"] }
              - { name: hasty, kind: wait, signal: go, timeout: 0s }
              - { name: sub, kind: pipeline, pipeline: nowhere-registered }
              - { name: late, kind: agent, capability: x, input: { a: steps.never.output } }
            """
                .formatted(pipeline));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(items(Map.of("items", gateway.json(refused.body()).get("errors"))))
        .extracting(error -> error.get("path"))
        .containsExactly(
            "/steps/0/labels/0",
            "/steps/0/version",
            "/steps/1/timeout",
            "/steps/2/pipeline",
            "/steps/3/input/a",
            "/version");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(Map<String, Object> body) {
    return (List<Map<String, Object>>) body.get("items");
  }
}
