package dev.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.app.SettingsMetadata.Setting;
import dev.chorus.gateway.Role;
import dev.chorus.pipeline.DispatchMode;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@link ChorusProperties} as the application binds it, from application.yaml and the given
 * environment variables only (not this JVM's): with none set, every setting has the default of the
 * configuration metadata, which is what docs/configuration.md lists and what runs the local stack.
 */
class ChorusPropertiesTest {

  @EnableConfigurationProperties(ChorusProperties.class)
  static class Binding {}

  private static ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
    return new ApplicationContextRunner()
        .withInitializer(
            context -> {
              var sources = context.getEnvironment().getPropertySources();
              sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
              sources.replace(
                  StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                  new SystemEnvironmentPropertySource(
                      StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            })
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withUserConfiguration(Binding.class);
  }

  @Test
  void withNothingSetEverySettingHasItsDocumentedDefault() {
    withEnvironment(Map.of())
        .run(
            context -> {
              ChorusProperties properties = context.getBean(ChorusProperties.class);
              List<String> wrong = new ArrayList<>();
              for (Setting setting : SettingsMetadata.chorusSettings().values()) {
                Object bound = valueOf(properties, setting.key());
                // Without a default: an empty collection, a list or a map.
                Object expected =
                    setting.hasDefault()
                        ? asBound(setting, bound)
                        : bound instanceof Map<?, ?> ? Map.of() : List.of();
                if (!expected.equals(bound)) {
                  wrong.add(setting.key() + " is " + bound + ", its default " + expected);
                }
              }
              assertThat(wrong).isEmpty();
            });
  }

  @Test
  void theLocalProfileTurnsSecurityOff() {
    withEnvironment(Map.of("SPRING_PROFILES_ACTIVE", "local"))
        .run(
            context ->
                assertThat(context.getBean(ChorusProperties.class).gateway().security().enabled())
                    .isFalse());
  }

  /** Without authentication, the local stack's gateway answers the loopback interface only. */
  @Test
  void theLocalProfileListensOnTheLoopbackInterfaceOnly() {
    withEnvironment(Map.of("SPRING_PROFILES_ACTIVE", "local"))
        .run(
            context ->
                assertThat(context.getEnvironment().getProperty("server.address"))
                    .isEqualTo("127.0.0.1"));
    withEnvironment(Map.of())
        .run(
            context -> assertThat(context.getEnvironment().getProperty("server.address")).isNull());
  }

  /**
   * The names ./chorus and the manifests of infra/ set: Spring Boot's own, or an indirection of
   * application.yaml.
   */
  @Test
  void theVariablesOfTheScriptAndTheDeploymentsSetTheirSettings() {
    withEnvironment(
            Map.of(
                "CHORUS_REDIS_URI", "redis://redis.chorus:6379",
                "CHORUS_TEMPORAL_UI_URL", "https://temporal.example.internal",
                "CHORUS_BRIDGE_CONSUMER", "bridge-7",
                "CHORUS_ROLES_WORKER", "false"))
        .run(
            context -> {
              ChorusProperties properties = context.getBean(ChorusProperties.class);
              assertThat(properties.redis().uri()).isEqualTo("redis://redis.chorus:6379");
              assertThat(properties.temporal().uiUrl())
                  .isEqualTo("https://temporal.example.internal");
              assertThat(properties.bridge().consumerName()).isEqualTo("bridge-7");
              assertThat(properties.roles().worker()).isFalse();
            });
  }

  @Test
  void pushCapabilitiesBindWithTheirUrlAndTheDefaultLimitInFlight() {
    withEnvironment(Map.of("CHORUS_ROLES_PUSH", "true"))
        .withPropertyValues(
            "chorus.push.capabilities[0].name=text.stats",
            "chorus.push.capabilities[0].version=1.2.0",
            "chorus.push.capabilities[0].url=http://text-stats.agents.svc/tasks",
            "chorus.push.capabilities[1].name=text.ocr",
            "chorus.push.capabilities[1].version=2.0.0",
            "chorus.push.capabilities[1].url=http://ocr/tasks",
            "chorus.push.capabilities[1].max-in-flight=16")
        .run(
            context -> {
              ChorusProperties properties = context.getBean(ChorusProperties.class);
              assertThat(properties.roles().push()).isTrue();
              assertThat(properties.push().capabilities())
                  .containsExactly(
                      new ChorusProperties.PushCapability(
                          "text.stats",
                          "1.2.0",
                          java.net.URI.create("http://text-stats.agents.svc/tasks"),
                          4),
                      new ChorusProperties.PushCapability(
                          "text.ocr", "2.0.0", java.net.URI.create("http://ocr/tasks"), 16));
            });
  }

  @Test
  void keyRolesAndTheDispatchModeBindInAnyCase() {
    withEnvironment(Map.of())
        .withPropertyValues(
            "chorus.gateway.security.api-keys[0].name=ci",
            "chorus.gateway.security.api-keys[0].sha256=" + "0".repeat(64),
            "chorus.gateway.security.api-keys[0].role=admin",
            "chorus.gateway.security.api-keys[1].name=ops",
            "chorus.gateway.security.api-keys[1].sha256=" + "1".repeat(64),
            "chorus.gateway.security.api-keys[1].role=Operator",
            "chorus.dispatch.mode=activity")
        .run(
            context -> {
              ChorusProperties properties = context.getBean(ChorusProperties.class);
              assertThat(properties.gateway().security().apiKeys())
                  .extracting(ChorusProperties.ApiKey::role)
                  .containsExactly(Role.ADMIN, Role.OPERATOR);
              assertThat(properties.dispatch().mode()).isEqualTo(DispatchMode.ACTIVITY);
            });
  }

  @Test
  void aRoleOutsideTheSetIsRefusedAtStartup() {
    withEnvironment(Map.of())
        .withPropertyValues(
            "chorus.gateway.security.api-keys[0].name=ci",
            "chorus.gateway.security.api-keys[0].role=root")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("chorus.gateway.security.api-keys[0].role"));
  }

  /**
   * The metadata's default converted to the bound value's type, as the binder converts
   * {@code @DefaultValue}.
   */
  private static Object asBound(Setting setting, Object bound) {
    if (bound instanceof List<?>) {
      return setting.defaults();
    }
    return ApplicationConversionService.getSharedInstance()
        .convert(setting.defaults().get(0), bound.getClass());
  }

  /** {@code chorus.bus.reclaim-idle} is {@code properties.bus().reclaimIdle()}. */
  private static Object valueOf(ChorusProperties properties, String key) {
    Object value = properties;
    for (String segment : key.substring("chorus.".length()).split("\\.")) {
      try {
        value = value.getClass().getMethod(camel(segment)).invoke(value);
      } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("no accessor for " + segment + " of " + key, e);
      }
    }
    return value;
  }

  private static String camel(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
