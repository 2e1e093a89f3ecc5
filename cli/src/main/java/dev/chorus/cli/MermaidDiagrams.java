package dev.chorus.cli;

import dev.chorus.stack.StackException;
import dev.chorus.stack.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders every {@code ```mermaid} block of {@code docs/*.md} with the Mermaid CLI (installed into
 * {@code .tools/mermaid} by {@code ./chorus}) drawing through Debian's Chromium; a diagram that
 * does not parse makes the CLI exit non-zero.
 */
public final class MermaidDiagrams {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** A diagram: the document and the line its block starts on. */
  public record Diagram(Path document, int line, String source) {}

  /** A diagram that did not render, with the first lines of what the CLI said. */
  public record Broken(Diagram diagram, String error) {}

  private MermaidDiagrams() {}

  /** Every diagram of the checkout's {@code docs/}. */
  public static List<Diagram> find(Path checkout) throws IOException {
    List<Diagram> diagrams = new ArrayList<>();
    try (Stream<Path> docs = Files.list(checkout.resolve("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).strip().equals("```mermaid")) {
            int start = i + 1;
            StringBuilder source = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
              source.append(lines.get(i)).append('\n');
            }
            diagrams.add(new Diagram(checkout.relativize(doc), start, source.toString()));
          }
        }
      }
    }
    return diagrams;
  }

  /** Renders each diagram; the broken ones are returned. */
  public static List<Broken> render(Tools tools, List<Diagram> diagrams)
      throws IOException, InterruptedException {
    Path mmdc = tools.checkout().resolve(".tools/mermaid/node_modules/.bin/mmdc");
    if (!Files.isExecutable(mmdc) || !Files.isExecutable(CHROMIUM)) {
      throw new StackException(
          "the Mermaid CLI ("
              + mmdc
              + ") or Chromium ("
              + CHROMIUM
              + ") is missing; ./chorus installs both");
    }
    Path work = Files.createTempDirectory("chorus-diagrams");
    Path puppeteer = work.resolve("puppeteer.json");
    Files.writeString(
        puppeteer,
        "{\"executablePath\":\""
            + CHROMIUM
            + "\",\"args\":[\"--no-sandbox\",\"--disable-gpu\","
            + "\"--disable-background-networking\",\"--disable-component-update\",\"--disable-sync\",\"--no-first-run\"]}\n");
    List<Broken> broken = new ArrayList<>();
    for (Diagram diagram : diagrams) {
      Path input = work.resolve("diagram.mmd");
      Files.writeString(input, diagram.source());
      Path output = work.resolve("output.txt");
      Process process =
          new ProcessBuilder(
                  mmdc.toString(),
                  "-q",
                  "-p",
                  puppeteer.toString(),
                  "-i",
                  input.toString(),
                  "-o",
                  work.resolve("diagram.svg").toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        broken.add(new Broken(diagram, "the Mermaid CLI did not finish within 120 s"));
      } else if (process.exitValue() != 0) {
        List<String> said = Files.readAllLines(output);
        broken.add(
            new Broken(diagram, String.join("\n", said.subList(0, Math.min(6, said.size())))));
      }
    }
    return broken;
  }
}
