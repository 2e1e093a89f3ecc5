package dev.chorus.stack.junit;

import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.Tools;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the real servers it declares as parameters (of a test method, a lifecycle method or
 * the constructor): {@link RedisServer}, {@link TemporalDevServer}, the {@link TemporalEngine} that
 * {@value SharedServers#ENGINE_PROPERTY} chooses, and the {@link Tools} and {@link StackHome} to
 * start more. Each server is started on free ports for the first test that asks and shared by the
 * rest of the JVM's tests ({@link SharedServers}).
 *
 * <pre>{@code
 * @ExtendWith(ServersExtension.class)
 * class ReplyListenerIT {
 *   @Test
 *   void readsReplies(RedisServer redis) { ... redis.uri() ... }
 * }
 * }</pre>
 */
public final class ServersExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RedisServer.class
        || type == TemporalDevServer.class
        || type == TemporalEngine.class
        || type == Tools.class
        || type == StackHome.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedServers servers = SharedServers.of(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == RedisServer.class) {
      return servers.redis();
    }
    if (type == TemporalDevServer.class) {
      return servers.temporal();
    }
    if (type == TemporalEngine.class) {
      return servers.temporalEngine();
    }
    return type == Tools.class ? servers.tools() : servers.home();
  }
}
