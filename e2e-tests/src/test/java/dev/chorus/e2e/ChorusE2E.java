package dev.chorus.e2e;

import dev.chorus.stack.junit.ServersExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test class. Its constructor and methods may take the {@link TestStack} (the Chorus
 * application on a real Temporal and a real Redis) or the stack's servers themselves ({@code
 * RedisServer}, {@code TemporalDevServer}, {@code TemporalEngine}: the one the stack runs on,
 * {@code Tools}, {@code StackHome}); each is started for the first test that asks and shared by the
 * rest of the JVM's tests.
 *
 * <pre>{@code
 * @ChorusE2E
 * class SomeIT {
 *   SomeIT(TestStack stack) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({ServersExtension.class, ChorusStackExtension.class})
@interface ChorusE2E {}
