package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalServerConfigTest {

  private final TemporalServerConfig config =
      new TemporalServerConfig(TemporalServerPorts.around(7233), 5432, "chorus", "s3cret");

  @Test
  void everyServiceListensOnItsPortsOnLoopback() {
    String yaml = config.yaml();
    assertThat(yaml)
        .contains(
            "  frontend:\n"
                + "    rpc:\n"
                + "      grpcPort: 7233\n"
                + "      membershipPort: 6933\n"
                + "      bindOnLocalHost: true\n"
                + "      httpPort: 7243\n")
        .contains("  history:\n    rpc:\n      grpcPort: 7234\n      membershipPort: 6934\n")
        .contains("  matching:\n    rpc:\n      grpcPort: 7235\n      membershipPort: 6935\n")
        .contains("  worker:\n    rpc:\n      grpcPort: 7239\n      membershipPort: 6939\n")
        .contains("rpcAddress: \"127.0.0.1:7233\"");
  }

  @Test
  void bothStoresAreDatabasesOfTheOneCluster() {
    String yaml = config.yaml();
    assertThat(yaml)
        .contains("  defaultStore: postgres-default\n  visibilityStore: postgres-visibility\n")
        .contains(
            "    postgres-default:\n"
                + "      sql:\n"
                + "        pluginName: \"postgres12\"\n"
                + "        databaseName: \"temporal\"\n"
                + "        connectAddr: \"127.0.0.1:5432\"\n")
        .contains(
            "    postgres-visibility:\n"
                + "      sql:\n"
                + "        pluginName: \"postgres12\"\n"
                + "        databaseName: \"temporal_visibility\"\n");
    assertThat(yaml.split("user: \"chorus\"\n        password: \"s3cret\"", -1)).hasSize(3);
  }

  @Test
  void theYamlIndentsWithSpacesOnly() {
    List<String> lines = config.yaml().lines().toList();
    assertThat(lines).noneMatch(line -> line.contains("\t"));
    assertThat(lines)
        .filteredOn(line -> !line.isBlank() && !line.startsWith("#"))
        .allMatch(line -> (line.length() - line.stripLeading().length()) % 2 == 0);
  }

  @Test
  void freePortsKeepMembershipWithinASmallint() {
    TemporalServerPorts ports = TemporalServerPorts.free();
    for (TemporalServerPorts.Service service :
        List.of(ports.frontend(), ports.history(), ports.matching(), ports.worker())) {
      assertThat(service.membership()).isBetween(1, (int) Short.MAX_VALUE);
    }
  }

  @Test
  void aMembershipPortAboveASmallintIsRefused() {
    assertThatThrownBy(() -> TemporalServerPorts.around(40000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("39700")
        .hasMessageContaining("32767");
  }
}
