package dev.chorus.registry;

/**
 * A version range or label constraint that does not parse; the message says where and what was
 * expected.
 */
public class RequirementSyntaxException extends IllegalArgumentException {

  private final int position;

  RequirementSyntaxException(String kind, String text, int position, String expected) {
    super(
        kind
            + " '"
            + text
            + "' at position "
            + position
            + ": expected "
            + expected
            + found(text, position));
    this.position = position;
  }

  private static String found(String text, int position) {
    return position >= text.length()
        ? " but the text ended"
        : " but found '" + text.substring(position) + "'";
  }

  /** Zero-based index into the text where parsing stopped. */
  public int position() {
    return position;
  }
}
