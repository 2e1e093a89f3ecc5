package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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
