package dev.chorus.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.NotFoundException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven by Debian's chromium-driver (both installed by {@code
 * ./chorus}): nothing is downloaded. A condition that does not come true leaves a screenshot beside
 * the test reports.
 */
final class WebUiBrowser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * A busy test machine renders the UI slowly; the UI itself polls the server every few seconds.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  final ChromeDriver driver;
  private final Path screenshots;

  WebUiBrowser(TestStack stack) {
    this.screenshots = stack.reports;
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(stack.home.log("chromedriver").toFile())
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toString())
            // Root in a container has no user namespace for chromium's sandbox.
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1600,1200");
    driver = new ChromeDriver(service, options);
  }

  /**
   * Waits until {@code condition} holds; otherwise fails naming {@code expected} and what the page
   * {@code shows}, with a screenshot named after {@code name}.
   */
  void await(
      String name,
      String expected,
      Function<WebDriver, Boolean> condition,
      Supplier<String> shows) {
    try {
      new WebDriverWait(driver, PATIENCE).until(condition);
    } catch (TimeoutException e) {
      Path screenshot = screenshots.resolve("web-ui-" + name + ".png");
      save(screenshot);
      throw new AssertionError(
          "expected "
              + expected
              + " within "
              + PATIENCE.toSeconds()
              + " s at "
              + driver.getCurrentUrl()
              + "; it shows: "
              + shows.get()
              + " (screenshot: "
              + screenshot
              + ")",
          e);
    }
  }

  /**
   * The text of the page an iframe renders (the Web UI renders user metadata's Markdown in one), or
   * empty while the page has no such frame.
   */
  Optional<String> frameText(By frame) {
    try {
      driver.switchTo().frame(driver.findElement(frame));
      return Optional.of(driver.findElement(By.tagName("body")).getText());
    } catch (NotFoundException | StaleElementReferenceException notYet) {
      return Optional.empty();
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  /** What {@code element} shows, or empty while the page has none. */
  Optional<String> text(By element) {
    try {
      return Optional.of(driver.findElement(element).getText());
    } catch (NotFoundException | StaleElementReferenceException notYet) {
      return Optional.empty();
    }
  }

  private void save(Path screenshot) {
    try {
      Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("could not save " + screenshot, e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
