package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports: a free one for a server to take, or whether one is taken. */
public final class Ports {

  private Ports() {}

  /**
   * A port nothing listens on right now. Another process may take it before the server does; the
   * server then fails to bind and its start fails naming its log, which is the honest outcome.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * A free port below {@code limit}, for a server that stores its port in a narrow column: the
   * Temporal server keeps its membership ports in a PostgreSQL {@code smallint}, which ports the
   * kernel hands out (32768 and up) overflow.
   */
  public static int freeBelow(int limit) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = limit / 2 + ThreadLocalRandom.current().nextInt(limit / 2);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new StackException("no free loopback port below " + limit + " in 100 attempts");
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Fails naming the setting that moves {@code what} elsewhere when its port is taken. */
  public static void requireFree(int port, String what, String setting) {
    if (listening(port)) {
      throw new StackException(
          "port "
              + port
              + " (for "
              + what
              + ") is in use by another process; stop it or choose"
              + " another port with "
              + setting);
    }
  }
}
