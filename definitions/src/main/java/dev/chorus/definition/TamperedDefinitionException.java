package dev.chorus.definition;

/**
 * A stored definition whose text no longer matches the digest stored with it: it was changed
 * outside Chorus, and nothing runs it.
 */
public class TamperedDefinitionException extends RuntimeException {

  public TamperedDefinitionException(String name, String version, String why) {
    super(
        "stored pipeline "
            + name
            + " version "
            + version
            + " fails its integrity check ("
            + why
            + "): it was changed outside Chorus and is not run; register the definition again to"
            + " restore it");
  }
}
