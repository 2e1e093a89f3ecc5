package dev.chorus.registry;

/** Where routing reads the registry from: Redis itself, or a cache of it. */
public interface RegistrySource {

  RegistrySnapshot snapshot();
}
