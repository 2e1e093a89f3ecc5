package dev.chorus.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The cost of running a definition, bounded before it is stored: how many steps it has, how many
 * branches a {@code parallel} step starts, how many items a {@code forEach} runs at once, and how
 * many workflow threads a run holds at its peak, since every branch and every running item takes
 * one from the worker's fixed pool and a run that asks for more than the pool holds never
 * progresses. Works on the raw tree, beside the schema's own problems.
 */
final class Budget {

  private final DefinitionLimits limits;
  private final List<Problem> problems = new ArrayList<>();

  private Budget(DefinitionLimits limits) {
    this.limits = limits;
  }

  static List<Problem> check(JsonNode document, DefinitionLimits limits) {
    Budget budget = new Budget(limits);
    int steps = new StepIndex(document).entries().size();
    if (steps > limits.maxSteps()) {
      budget.problems.add(
          new Problem(
              "/steps",
              "has "
                  + steps
                  + " steps with the nested ones; at most "
                  + limits.maxSteps()
                  + setting("max-steps")));
    }
    long threads = 1 + budget.threads(document.path("steps"), "/steps");
    if (threads > limits.maxWorkflowThreads()) {
      budget.problems.add(
          new Problem(
              "/steps",
              "would hold "
                  + threads
                  + " workflow threads at once (parallel branches and forEach items, nested ones"
                  + " multiplied); at most "
                  + limits.maxWorkflowThreads()
                  + setting("max-workflow-threads")));
    }
    return budget.problems;
  }

  /** " (chorus.pipelines.limits.name)": where a refusal says which setting bounds it. */
  static String setting(String name) {
    return " (" + DefinitionLimits.PREFIX + name + ")";
  }

  static String describe(Duration duration) {
    return duration.toSeconds() % 86_400 == 0
        ? duration.toDays() + "d"
        : duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** Peak threads of a step list run in sequence: the most any one of its steps holds. */
  private long threads(JsonNode steps, String path) {
    long peak = 0;
    for (int i = 0; steps.isArray() && i < steps.size(); i++) {
      peak = Math.max(peak, threadsOf(steps.get(i), path + "/" + i));
    }
    return peak;
  }

  /** Capped so that nested multiplications never overflow; any cap above the limit will do. */
  private long threadsOf(JsonNode step, String path) {
    return Math.min(Integer.MAX_VALUE, uncappedThreadsOf(step, path));
  }

  private long uncappedThreadsOf(JsonNode step, String path) {
    JsonNode branches = step.path("branches");
    JsonNode cases = step.path("cases");
    switch (step.path("kind").asString("")) {
      case "parallel" -> {
        if (branches.isArray() && branches.size() > limits.maxParallelBranches()) {
          problems.add(
              new Problem(
                  path + "/branches",
                  "has "
                      + branches.size()
                      + " branches; at most "
                      + limits.maxParallelBranches()
                      + setting("max-parallel-branches")));
        }
        long sum = 0;
        for (int b = 0; branches.isArray() && b < branches.size(); b++) {
          sum += 1 + threads(branches.get(b).path("steps"), path + "/branches/" + b + "/steps");
        }
        return sum;
      }
      case "forEach" -> {
        long concurrency = step.path("concurrency").asLong(1);
        if (concurrency > limits.maxForEachConcurrency()) {
          problems.add(
              new Problem(
                  path + "/concurrency",
                  "is "
                      + concurrency
                      + "; at most "
                      + limits.maxForEachConcurrency()
                      + setting("max-for-each-concurrency")));
        }
        return Math.max(1, concurrency) * (1 + threads(step.path("steps"), path + "/steps"));
      }
      case "switch" -> {
        long peak = threads(step.path("default"), path + "/default");
        for (int c = 0; cases.isArray() && c < cases.size(); c++) {
          peak =
              Math.max(peak, threads(cases.get(c).path("steps"), path + "/cases/" + c + "/steps"));
        }
        return peak;
      }
      default -> {
        return 0;
      }
    }
  }
}
