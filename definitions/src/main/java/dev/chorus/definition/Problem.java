package dev.chorus.definition;

/**
 * One thing wrong with a definition.
 *
 * @param path JSON pointer into the document ({@code /steps/2/capability}); empty for the whole
 *     document
 * @param problem what is wrong there
 */
public record Problem(String path, String problem) {}
