package dev.chorus.definition;

/** A version that is already stored with different content; versions are immutable. */
public class VersionConflictException extends RuntimeException {

  public VersionConflictException(String name, int version) {
    super(
        "pipeline "
            + name
            + " version "
            + version
            + " is already registered with other content; register it as a new version");
  }
}
