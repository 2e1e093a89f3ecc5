package dev.chorus.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Asks a Redis one question over a fresh connection. It speaks the protocol itself rather than
 * through Lettuce: a probe must answer within its timeout, with no reconnection, event loops or
 * pooled connections to outlive it.
 */
public final class RedisProbe {

  private static final int TIMEOUT_MILLIS = 1_000;

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private RedisProbe(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** A probe of {@code redis://[user:password@]host:port}. */
  public static RedisProbe of(String redisUri) {
    URI uri = URI.create(redisUri);
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts.length == 2 ? parts[0] : null;
      password = parts.length == 2 ? parts[1] : parts[0];
    }
    return new RedisProbe(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password);
  }

  /** True when PING answers PONG; false while Redis loads its data or does not listen. */
  public boolean ping() {
    try {
      return "PONG".equals(call("PING"));
    } catch (IOException | RedisError e) {
      return false;
    }
  }

  /** The reply of one command: a string, a number as text, null for a nil reply. */
  public String call(String... command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      if (password != null) {
        send(out, user == null ? List.of("AUTH", password) : List.of("AUTH", user, password));
        read(in);
      }
      send(out, List.of(command));
      return read(in);
    }
  }

  private static void send(OutputStream out, List<String> command) throws IOException {
    StringBuilder request = new StringBuilder("*").append(command.size()).append("\r\n");
    for (String part : command) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String read(InputStream in) throws IOException {
    String line = line(in);
    switch (line.charAt(0)) {
      case '+', ':' -> {
        return line.substring(1);
      }
      case '-' -> throw new RedisError(line.substring(1));
      case '$' -> {
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length + 2);
        return new String(data, 0, length, StandardCharsets.UTF_8);
      }
      default -> throw new IOException("unexpected Redis reply: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (line.isEmpty()) {
      throw new IOException("empty Redis reply");
    }
    return line.toString();
  }

  /** An error reply, such as {@code LOADING} while Redis reads its append-only file. */
  public static final class RedisError extends RuntimeException {
    RedisError(String message) {
      super(message);
    }
  }
}
