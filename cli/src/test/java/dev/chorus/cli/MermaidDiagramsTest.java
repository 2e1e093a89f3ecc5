package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.stack.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MermaidDiagramsTest {

  private final Tools tools = Tools.locate();

  @Test
  void everyDiagramOfTheDocsRenders() throws Exception {
    List<MermaidDiagrams.Diagram> diagrams = MermaidDiagrams.find(tools.checkout());
    assertThat(diagrams).isNotEmpty();
    assertThat(MermaidDiagrams.render(tools, diagrams)).isEmpty();
  }

  @Test
  void aDiagramThatDoesNotParseIsReportedWithItsPlace() throws Exception {
    MermaidDiagrams.Diagram broken =
        new MermaidDiagrams.Diagram(Path.of("docs/broken.md"), 7, "sequenceDiagram\n  A-->>\n");
    List<MermaidDiagrams.Broken> result = MermaidDiagrams.render(tools, List.of(broken));
    assertThat(result)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.diagram().line()).isEqualTo(7);
              assertThat(b.error()).isNotBlank();
            });
  }
}
