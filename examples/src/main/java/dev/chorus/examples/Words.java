package dev.chorus.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Plain-text helpers shared by the demo agents: splitting into words and sentences. */
final class Words {

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
          "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "they",
          "this", "to", "was", "we", "were", "which", "while", "who", "will", "with", "our", "all",
          "can", "so", "than", "then", "into", "over", "more", "most", "very", "each", "every",
          "one", "not", "no");

  private Words() {}

  /** Lower-case words, apostrophes kept, in order. */
  static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      String trimmed = word.replaceAll("^'+|'+$", "");
      if (!trimmed.isEmpty()) {
        words.add(trimmed);
      }
    }
    return words;
  }

  /** Words that carry meaning: not stop words, longer than two letters. */
  static List<String> contentWords(String text) {
    return of(text).stream().filter(w -> w.length() > 2 && !STOP_WORDS.contains(w)).toList();
  }

  static List<String> sentences(String text) {
    return List.of(SENTENCE_END.split(text.strip()));
  }
}
