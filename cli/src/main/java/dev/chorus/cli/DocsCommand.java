package dev.chorus.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "Render every Mermaid diagram of docs/*.md.",
      "Fails naming the file and line of a diagram that does not parse. The test suite runs the same check",
      "(MermaidDiagramsTest)."
    })
final class DocsCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException, InterruptedException {
    LocalStack stack = LocalStack.fromEnvironment();
    List<MermaidDiagrams.Diagram> diagrams = MermaidDiagrams.find(stack.tools.checkout());
    List<MermaidDiagrams.Broken> broken = MermaidDiagrams.render(stack.tools, diagrams);
    for (MermaidDiagrams.Broken b : broken) {
      Console.error(
          "the Mermaid diagram at "
              + b.diagram().document()
              + " line "
              + b.diagram().line()
              + " does not render:\n"
              + b.error());
    }
    if (!broken.isEmpty()) {
      return 1;
    }
    Console.info("all " + diagrams.size() + " Mermaid diagrams in docs/ render");
    return 0;
  }
}
