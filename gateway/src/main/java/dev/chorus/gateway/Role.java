package dev.chorus.gateway;

import java.util.Locale;

/** What a caller may do; each role may do everything the ones before it may. */
public enum Role {
  /** Reads pipelines, runs, agents, capabilities and dead letters. */
  VIEWER,
  /** Starts, signals and cancels runs, invokes capabilities and re-drives dead letters. */
  OPERATOR,
  /** Registers pipelines, terminates runs, discards dead letters and manages API keys. */
  ADMIN;

  /** The name callers use, in keys and in JWT role claims. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  String authority() {
    return "ROLE_" + label();
  }

  static Role of(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new InvalidRequestException(
        "role", "must be viewer, operator or admin but was '" + label + "'");
  }
}
