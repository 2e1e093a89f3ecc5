package dev.chorus.e2e;

import dev.chorus.stack.junit.SharedServers;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the {@link TestStack}: started on the shared servers for the first test that asks
 * and kept in the root store, so JUnit closes it when the JVM's tests are done, before the servers
 * it runs on (the store closes in reverse order of insertion).
 */
final class ChorusStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ChorusStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedServers servers = SharedServers.of(context);
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedStack.class, k -> new SharedStack(servers), SharedStack.class)
        .get();
  }

  /**
   * The stack, or why it could not start: a stack that failed is not started again by every later
   * test.
   */
  private static final class SharedStack implements AutoCloseable {

    private TestStack stack;
    private RuntimeException failure;

    SharedStack(SharedServers servers) {
      try {
        stack = new TestStack(servers);
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    TestStack get() {
      if (failure != null) {
        throw new IllegalStateException(
            "the test stack could not start: " + failure.getMessage(), failure);
      }
      return stack;
    }

    @Override
    public void close() {
      if (stack != null) {
        stack.close();
      }
    }
  }
}
