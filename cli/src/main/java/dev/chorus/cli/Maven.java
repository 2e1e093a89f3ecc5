package dev.chorus.cli;

import dev.chorus.stack.Tools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Maven in the checkout, its output on this terminal; its exit code is the command's. */
final class Maven {

  private Maven() {}

  static int run(Tools tools, List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(
        Tools.onPath("mvn")
            .orElseThrow(() -> new ChorusCommand.CommandFailed("mvn is not on the PATH"))
            .toString());
    command.addAll(arguments);
    return new ProcessBuilder(command)
        .directory(tools.checkout().toFile())
        .inheritIO()
        .start()
        .waitFor();
  }
}
