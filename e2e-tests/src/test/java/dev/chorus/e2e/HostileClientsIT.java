package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The attacks of a hostile client, replayed against the real stack: each must fail and leave the
 * gateway answering. The definitions and the run here never reach an agent.
 */
@ChorusE2E
class HostileClientsIT {

  private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(1);

  private final TestStack stack;
  private final Gateway admin;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  HostileClientsIT(TestStack stack) {
    this.stack = stack;
    this.admin = new Gateway(stack.gatewayUrl);
    this.port = URI.create(stack.gatewayUrl).getPort();
  }

  @Test
  void slowConnectionsWithoutCredentialsLeaveHealthAnsweringWithinASecond() throws Exception {
    List<Socket> slow = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 250; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        socket
            .getOutputStream()
            .write(
                ("POST /api/v1/pipelines HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nContent-Type: application/yaml\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      trickle.scheduleAtFixedRate(
          () -> slow.forEach(HostileClientsIT::oneByte), 0, 500, TimeUnit.MILLISECONDS);

      // Longer than the connection timeout, so the gateway has had to deal with every one of them.
      await("health answers within " + HEALTH_DEADLINE + " all along")
          .pollInterval(Duration.ofMillis(250))
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(12))
          .until(this::healthAnswersInTime);
    } finally {
      trickle.shutdownNow();
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void concurrentMegabyteValidationsAreEachRefusedNamingTheLimit() throws Exception {
    Gateway viewer = new Gateway(stack.gatewayUrl, "X-API-Key", key("viewer"));
    String list = IntStream.range(0, 6_000).mapToObj(i -> "1").collect(Collectors.joining(","));
    String inputs =
        IntStream.range(0, 80)
            .mapToObj(f -> "      f" + f + ": \"[" + list + "]\"")
            .collect(Collectors.joining("\n"));
    String definition =
        "name: hostile\nversion: 1\nsteps:\n  - name: one\n    kind: agent\n"
            + "    capability: x\n    input:\n"
            + inputs
            + "\n";
    assertThat(definition.length()).isBetween(900_000, 1_000_000);

    ExecutorService callers = Executors.newFixedThreadPool(12);
    try {
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(() -> viewer.post("/api/v1/pipelines/validate", "application/yaml", definition));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : callers.invokeAll(calls)) {
        HttpResponse<String> response = answer.get();
        statuses.add(response.statusCode());
        assertThat(response.statusCode()).as(response.body()).isIn(400, 503);
        if (response.statusCode() == 400) {
          assertThat(response.body())
              .contains("/steps/0/input/f0")
              .contains("chorus.pipelines.limits.max-expression-length");
        }
      }
      System.out.println("12 concurrent 1 MB validations answered " + statuses);
      assertThat(statuses).contains(400);
    } finally {
      callers.shutdownNow();
    }
    assertThat(healthAnswersInTime()).isTrue();
  }

  @Test
  void definitionsAWorkerCannotRunAreRefusedAtValidation() throws Exception {
    String branches =
        IntStream.range(0, 10_000)
            .mapToObj(
                b ->
                    "{\"name\":\"b"
                        + b
                        + "\",\"steps\":[{\"name\":\"s"
                        + b
                        + "\",\"kind\":\"agent\",\"capability\":\"x\"}]}")
            .collect(Collectors.joining(","));
    refused(
        "{\"name\":\"wide\",\"version\":1,\"steps\":[{\"name\":\"fan\",\"kind\":\"parallel\","
            + "\"branches\":["
            + branches
            + "]}]}",
        "/steps/0/branches",
        "chorus.pipelines.limits.max-parallel-branches");
    refused(
        "name: greedy\nversion: 1\nsteps:\n  - {name: each, kind: forEach, items: input.list,"
            + " concurrency: 100000, steps: [{name: one, kind: agent, capability: x}]}\n",
        "/steps/0/concurrency",
        "chorus.pipelines.limits.max-for-each-concurrency");
    refused(
        "name: forever\nversion: 1\nsteps:\n"
            + "  - {name: hold, kind: wait, signal: go, timeout: 9223372036854775807ms}\n",
        "/steps/0/timeout",
        "chorus.pipelines.limits.max-duration");
    refused(
        "name: huge\nversion: 2147483648\nsteps: [{name: one, kind: agent, capability: x}]\n",
        "/version",
        "maximum");
    refused(
        "name: fetching\nversion: 1\ninputSchema: {properties: {a: {$ref: 'file:///etc/passwd'}}}\n"
            + "steps: [{name: one, kind: agent, capability: x}]\n",
        "/inputSchema/properties/a/$ref",
        "outside the schema");
  }

  @Test
  void aQuadraticExpressionOverALargeInputFailsItsStepWithTheReason() throws Exception {
    String name = "quadratic-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> registered =
        admin.post(
            "/api/v1/pipelines",
            "application/yaml",
            "name: "
                + name
                + "\nversion: 1\nsteps:\n  - name: pairs\n    kind: agent\n"
                + "    capability: nobody.serves.this\n    input:\n"
                + "      n: \"input.items.map(a, input.items.filter(b, b < a).size())\"\n");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String runId =
        admin.start(
            name, Map.of("input", Map.of("items", IntStream.range(0, 3_000).boxed().toList())));

    Map<String, Object> run =
        await("the run fails")
            .atMost(Duration.ofSeconds(60))
            .until(() -> admin.run(runId), r -> "FAILED".equals(r.get("status")));
    assertThat((String) run.get("failure"))
        .contains("comprehension iterations")
        .contains("chorus.pipelines.limits.max-expression-iterations");
  }

  @Test
  void jwtsLackingExpirySubjectOrTheIssuerAre401() throws Exception {
    JWTClaimsSet.Builder good =
        new JWTClaimsSet.Builder()
            .subject("e2e-hostile")
            .issuer(TestStack.JWT_ISSUER)
            .claim("roles", List.of("viewer"))
            .expirationTime(Date.from(Instant.now().plusSeconds(300)));
    assertThat(bearer(good.build()).get("/api/v1/agents").status()).isEqualTo(200);
    for (JWTClaimsSet hostile :
        List.of(
            new JWTClaimsSet.Builder(good.build()).expirationTime(null).build(),
            new JWTClaimsSet.Builder(good.build()).issuer("https://elsewhere.example").build(),
            new JWTClaimsSet.Builder(good.build()).subject(null).build())) {
      Gateway.Response response = bearer(hostile).get("/api/v1/agents");
      assertThat(response.status()).as(hostile.toString()).isEqualTo(401);
      assertThat(response.body()).containsEntry("title", "Unauthorized");
    }
  }

  @Test
  void refusedCredentialsFromOneAddressAreRateLimited() throws Exception {
    // Another loopback address than the other tests' 127.0.0.1, whose allowance stays untouched.
    InetAddress attacker = InetAddress.getByName("127.0.0.2");
    for (int i = 0; i < TestStack.FAILURES_PER_MINUTE; i++) {
      assertThat(rawGet(attacker, "X-API-Key: guess-" + i)).startsWith("HTTP/1.1 401");
    }
    assertThat(rawGet(attacker, "X-API-Key: " + TestStack.ADMIN_KEY)).startsWith("HTTP/1.1 429");
    assertThat(admin.get("/api/v1/agents").status()).isEqualTo(200);
  }

  @Test
  void crossSiteSimpleRequestsAreRefused() throws Exception {
    HttpResponse<String> plain =
        admin.post(
            "/api/v1/pipelines",
            "text/plain",
            "name: from-a-web-page\nversion: 1\nsteps: [{name: a, kind: agent, capability: b}]");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(415);

    HttpResponse<String> cancel =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/api/v1/runs/any-run/cancel"))
                .header("X-API-Key", TestStack.ADMIN_KEY)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(403);
    assertThat(cancel.body()).contains("https://evil.example");
  }

  @Test
  void metricsNeedCredentials() throws Exception {
    Gateway anonymous = new Gateway(stack.gatewayUrl, null, null);
    HttpResponse<String> without =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    HttpResponse<String> with =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/actuator/prometheus"))
                .header("Authorization", "ApiKey " + key("viewer"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(with.body()).contains("jvm_");
  }

  private boolean healthAnswersInTime() {
    try {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/actuator/health"))
                  .timeout(HEALTH_DEADLINE)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return health.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void refused(String definition, String path, String problem) throws Exception {
    String type = definition.startsWith("{") ? "application/json" : "application/yaml";
    HttpResponse<String> response = admin.post("/api/v1/pipelines/validate", type, definition);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors =
        (List<Map<String, Object>>) admin.json(response.body()).get("errors");
    assertThat(errors)
        .as(response.body())
        .anySatisfy(
            error -> {
              assertThat(error).containsEntry("path", path);
              assertThat((String) error.get("problem")).contains(problem);
            });
  }

  /** Request targets Tomcat refuses before any servlet sees them answer as problems, not HTML. */
  @Test
  void requestsTheContainerRefusesAnswerAsProblems() throws Exception {
    for (String target : List.of("/api/v1/runs/a{b}", "/api/v1/runs/a%00b", "/api/v1/runs/%zz")) {
      String response = rawRequest("GET " + target + " HTTP/1.1");
      assertThat(response)
          .as(target)
          .startsWith("HTTP/1.1 400")
          .containsIgnoringCase("Content-Type: application/problem+json")
          .contains("\"status\":400")
          .contains("the request could not be read")
          .doesNotContainIgnoringCase("<html");
    }
  }

  private String key(String role) throws Exception {
    String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    Gateway.Response created = admin.post("/api/v1/api-keys", Map.of("name", name, "role", role));
    assertThat(created.status()).isEqualTo(201);
    return (String) created.body().get("key");
  }

  private Gateway bearer(JWTClaimsSet claims) throws Exception {
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    token.sign(new RSASSASigner(stack.jwtKeys.getPrivate()));
    return new Gateway(stack.gatewayUrl, "Authorization", "Bearer " + token.serialize());
  }

  /** A GET of /api/v1/agents from {@code from}, answered by its status line. */
  private String rawGet(InetAddress from, String header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/agents HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\n"
                  + header
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /** {@code requestLine} sent as it is, without credentials; the whole response. */
  private String rawRequest(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static void oneByte(Socket socket) {
    try {
      socket.getOutputStream().write('a');
    } catch (IOException closedByTheGateway) {
      // what a gateway may do to a client this slow
    }
  }
}
