package dev.chorus.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.TaskEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link Agent} over HTTP (push mode), with the JDK's own server: {@code POST /tasks}
 * takes a task envelope as a JSON object of strings, the same fields as on the task stream, and
 * answers the reply envelope the same way; {@code GET /health} says whether it takes new work. At
 * most {@link PushSettings#concurrency()} tasks are worked on at once; one more is answered {@code
 * 429} with {@code Retry-After: 1} rather than queued, so the caller can send it elsewhere.
 */
public final class PushServer implements AutoCloseable {

  /**
   * Bytes of one request body: a 1 MiB input, which JSON escaping of its quotes and backslashes can
   * double inside the envelope's string, and 64 KiB for the other fields.
   */
  public static final int MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(PushServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Agent agent;
  private final PushSettings settings;
  private final TaskWork work;
  private final Semaphore slots;
  private final ExecutorService handlers;
  private final ExecutorService bodies;
  private final HttpServer server;
  private volatile boolean draining;

  private PushServer(Agent agent, PushSettings settings) throws IOException {
    this.agent = agent;
    this.settings = settings;
    this.work = new TaskWork(agent, settings.agentId(), JSON, AgentTelemetry.tracer(agent));
    this.slots = new Semaphore(settings.concurrency());
    // One thread per slot works; a few more answer health checks and 429s while all are busy.
    this.handlers = Executors.newFixedThreadPool(settings.concurrency() + 4);
    this.bodies = Executors.newCachedThreadPool();
    this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    server.createContext("/tasks", this::tasks);
    server.createContext("/health", this::health);
    server.setExecutor(handlers);
  }

  /** Listens and serves until closed. */
  public static PushServer start(Agent agent, PushSettings settings) {
    try {
      PushServer push = new PushServer(agent, settings);
      push.server.start();
      log.info(
          "agent serving push tasks: capability={} version={} id={} port={}",
          agent.capability(),
          agent.version(),
          settings.agentId(),
          push.port());
      return push;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not listen on " + settings.host() + ":" + settings.port(), e);
    }
  }

  /** The port listened on (the one picked when {@link PushSettings#port()} is 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Takes no new task; {@code GET /health} answers 503 from now on. */
  public void drain() {
    draining = true;
  }

  /** Drains, lets the tasks in hand finish (up to the body timeout and their work), and stops. */
  @Override
  public void close() {
    drain();
    server.stop((int) Math.max(1, settings.bodyTimeout().toSeconds()));
    handlers.shutdown();
    bodies.shutdownNow();
  }

  private void tasks(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/tasks")) {
        problem(exchange, 404, "Not found", "no such resource; tasks are posted to /tasks");
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        problem(exchange, 405, "Method not allowed", "tasks are posted to /tasks");
      } else if (draining) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        problem(exchange, 503, "Draining", "this agent takes no new tasks");
      } else if (!slots.tryAcquire()) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        problem(
            exchange,
            429,
            "Busy",
            "all " + settings.concurrency() + " concurrency slots of this agent are busy");
      } else {
        try {
          perform(exchange);
        } finally {
          slots.release();
        }
      }
    }
  }

  private void perform(HttpExchange exchange) throws IOException {
    byte[] body;
    try {
      body = body(exchange);
    } catch (BodyProblem e) {
      problem(exchange, e.status, e.title, e.getMessage());
      return;
    }
    if (body == null) {
      return;
    }
    TaskEnvelope task;
    try {
      task = TaskEnvelope.fromFields(fields(body));
    } catch (MalformedEnvelopeException e) {
      problem(exchange, 422, "Malformed task envelope", e.getMessage());
      return;
    }
    if (!task.capability().equals(agent.capability())) {
      problem(
          exchange,
          404,
          "Capability not served",
          "capability '"
              + task.capability()
              + "' is not served here; served: "
              + agent.capability());
      return;
    }
    if (task.expiredAt(System.currentTimeMillis())) {
      problem(
          exchange,
          422,
          "Malformed task envelope",
          "field 'deadline' has passed: the run no longer waits for this dispatch");
      return;
    }
    // The agent has no stream here to tell progress on; the deliverer sees only the reply.
    ReplyEnvelope reply = work.perform(task, TaskContext.Progress.NONE);
    respond(exchange, 200, "application/json", JSON.writeValueAsBytes(reply.toFields()));
  }

  /**
   * The request body, read on a thread of its own so that a client sending it slowly is cut off
   * after the body timeout rather than holding a slot; null once that has been answered.
   */
  private byte[] body(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
      throw new BodyProblem(413, "Body too large", tooLarge());
    }
    Future<byte[]> reading = bodies.submit(() -> readBounded(exchange.getRequestBody()));
    try {
      return reading.get(settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      problem(
          exchange,
          408,
          "Request timeout",
          "the body did not arrive within " + settings.bodyTimeout().toMillis() + " ms");
      // Interrupting the read closes the connection's channel: the answer is out, and neither
      // thread waits any longer for a body that does not come.
      reading.cancel(true);
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BodyProblem problem) {
        throw problem;
      }
      throw new IOException("could not read the request body", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body", e);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      if (body.size() + read > MAX_BODY_BYTES) {
        throw new BodyProblem(413, "Body too large", tooLarge());
      }
      body.write(buffer, 0, read);
    }
    return body.toByteArray();
  }

  private static String tooLarge() {
    return "the task envelope is over " + MAX_BODY_BYTES + " bytes";
  }

  /** The envelope's fields; a body that is not a JSON object of strings names what is wrong. */
  private static Map<String, String> fields(byte[] body) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedEnvelopeException("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading from memory does not fail otherwise
    }
    if (envelope == null || !envelope.isObject()) {
      throw new MalformedEnvelopeException(
          "the body must be a JSON object of the task envelope's fields");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : envelope.properties()) {
      if (!field.getValue().isTextual()) {
        throw new MalformedEnvelopeException(
            "field '"
                + field.getKey()
                + "' must be a string, as every field of the envelope is, but was "
                + field.getValue().getNodeType().name().toLowerCase());
      }
      fields.put(field.getKey(), field.getValue().textValue());
    }
    return fields;
  }

  private void health(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        problem(exchange, 405, "Method not allowed", "health is read with GET");
        return;
      }
      String status = draining ? "draining" : "ready";
      respond(
          exchange,
          draining ? 503 : 200,
          "application/json",
          JSON.writeValueAsBytes(Map.of("status", status)));
    }
  }

  private static void problem(HttpExchange exchange, int status, String title, String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    respond(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    // Out before closing: closing first drains what the client still sends of an unread body.
    exchange.getResponseBody().flush();
  }

  /** A body that cannot be taken, and the answer that says why. */
  private static final class BodyProblem extends IOException {

    final int status;
    final String title;

    BodyProblem(int status, String title, String detail) {
      super(detail);
      this.status = status;
      this.title = title;
    }
  }
}
