package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The Temporal Web UI as an operator's console for a run of the demo pipeline: its page, opened
 * from the run's {@code uiUrl} in the dev server's own Web UI, names the pipeline, lists every
 * step, and shows the user's input before anything else. The page's parts are found by what the
 * UI's version of the dev server renders (2.42.1): the static summary and the current details are
 * on the User Metadata tab, each as Markdown rendered in an iframe under its heading; the Input box
 * on the History tab has one code block per argument of the workflow.
 */
@ChorusE2E
class TemporalWebUiIT {

  private static final String PIPELINE = "text-insights";
  private static final List<String> STEPS = List.of("keywords", "summary", "sentiment", "stats");

  private static final By USER_METADATA_TAB = By.cssSelector("[data-testid='user-metadata-tab']");
  private static final By SUMMARY =
      By.xpath(
          "//h3[@data-testid='user-metadata-summary-heading' and normalize-space()='Summary']"
              + "/../following-sibling::section//iframe");
  private static final By CURRENT_DETAILS =
      By.xpath("//h3[normalize-space()='Current Details']/../../following-sibling::div//iframe");

  /** The first code block of the Input box: the workflow's first argument. */
  private static final By FIRST_INPUT =
      By.cssSelector("[data-testid='input-and-result'] > div:first-child .cm-content");

  private static final List<AgentProcess> agents = new ArrayList<>();
  private static WebUiBrowser browser;
  private static String userText;
  private static String uiUrl;

  @BeforeAll
  static void runTheDemo(TestStack stack) throws Exception {
    agents.addAll(stack.agents.demo());
    Map<String, Object> request = DemoPipelineIT.demoRequest();
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) request.get("input");
    userText = (String) input.get("text");
    Gateway gateway = new Gateway(stack.gatewayUrl);
    Map<String, Object> run =
        gateway.awaitEnd(gateway.start(PIPELINE, request), Duration.ofSeconds(60));
    assertThat(run.get("status")).as("the demo run %s", run).isEqualTo("COMPLETED");
    uiUrl = (String) run.get("uiUrl");
    assertThat(uiUrl).startsWith(stack.temporalServer.uiUrl());
    browser = new WebUiBrowser(stack);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.close();
    }
    for (AgentProcess agent : agents) {
      agent.close();
    }
  }

  @BeforeEach
  void openTheRunsPage() {
    browser.driver.get(uiUrl);
  }

  @Test
  void theSummaryNamesThePipeline() {
    openUserMetadata();
    browser.await(
        "summary",
        "the Summary to name the pipeline " + PIPELINE,
        b -> browser.frameText(SUMMARY).map(text -> text.contains(PIPELINE)).orElse(false),
        () -> shown(browser.frameText(SUMMARY), "no Summary"));
  }

  @Test
  void theCurrentDetailsNameEveryStep() {
    openUserMetadata();
    browser.await(
        "current-details",
        "the Current Details to name every step of " + STEPS,
        b -> browser.frameText(CURRENT_DETAILS).map(TemporalWebUiIT::namesEveryStep).orElse(false),
        () -> shown(browser.frameText(CURRENT_DETAILS), "no Current Details"));
  }

  @Test
  void theInputShowsTheUsersInputFirst() {
    // The text as JSON shows it: the demo's text has nothing to escape.
    String start = userText.substring(0, userText.indexOf('.') + 1);
    browser.await(
        "input",
        "the Input box to show the user's input (" + start + ") before the pinned definition",
        b -> browser.text(FIRST_INPUT).map(text -> showsFirst(text, start)).orElse(false),
        () -> shown(browser.text(FIRST_INPUT).map(TemporalWebUiIT::firstLines), "no Input box"));
  }

  private static void openUserMetadata() {
    browser.await(
        "tabs",
        "the User Metadata tab",
        b -> !b.findElements(USER_METADATA_TAB).isEmpty(),
        () -> "no such tab");
    browser.driver.findElement(USER_METADATA_TAB).click();
  }

  private static boolean namesEveryStep(String text) {
    return STEPS.stream()
        .allMatch(
            step -> Pattern.compile("\\b" + Pattern.quote(step) + "\\b").matcher(text).find());
  }

  /** The user's text, and before any definition: the box's first lines are what a reader sees. */
  private static boolean showsFirst(String text, String userText) {
    String flat = text.replaceAll("\\s+", " ");
    int user = flat.indexOf(userText);
    int definition = flat.indexOf("\"definition\"");
    return user >= 0 && (definition < 0 || user < definition);
  }

  private static String firstLines(String text) {
    return String.join("\n", text.lines().limit(8).toList()) + "\n…";
  }

  private static String shown(Optional<String> text, String none) {
    return text.map(t -> "\"" + t + "\"").orElse(none);
  }
}
