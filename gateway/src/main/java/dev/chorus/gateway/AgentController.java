package dev.chorus.gateway;

import dev.chorus.registry.AgentView;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RegistryOverview;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent registry as operators see it, read from Redis on every request. */
@RestController
@RequestMapping("/api/v1")
class AgentController {

  private final RegistryOverview registry;

  AgentController(RegistryOverview registry) {
    this.registry = registry;
  }

  @GetMapping("/agents")
  List<AgentView> agents() {
    return registry.agents();
  }

  /** Each capability with, per major version, its versions, agents, backlog and pending counts. */
  @GetMapping("/capabilities")
  List<CapabilityView> capabilities() {
    return registry.capabilities();
  }
}
