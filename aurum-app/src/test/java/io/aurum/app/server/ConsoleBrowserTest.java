package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser: headless Debian Chromium through /usr/bin/chromedriver (Selenium
 * Manager offline), against a real server on a free port over a SQLite store and the sandbox. It
 * writes the screenshots docs/console.md shows.
 */
class ConsoleBrowserTest {
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("..", "docs", "console");

  @TempDir Path tmp;
  CliFixture fx;
  TestServer s;
  WebDriver browser;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(
        Files.isExecutable(DRIVER),
        "no /usr/bin/chromedriver: install chromium and chromium-driver (.ci/run does) to run"
            + " the console's browser test");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    fx = new CliFixture(tmp, false, 1000, 1);
    s = new TestServer(fx);
    ChromeOptions o = new ChromeOptions();
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      o.setBinary("/usr/bin/chromium");
    }
    o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
    o.addArguments("--window-size=1280,900", "--lang=en-US");
    browser = new ChromeDriver(o);
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (s != null) {
      s.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private void signIn(Role role) {
    browser.manage().deleteAllCookies();
    browser.get(s.base() + "/console");
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/login"));
    WebElement token = browser.findElement(By.id("token"));
    assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText())
        .isEqualTo("API token");
    token.sendKeys(s.tokens.get(role));
    token.sendKeys(Keys.ENTER); // the keyboard is enough
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.getCurrentUrl().equals(s.base() + "/console"));
  }

  private void shot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  private String opAttr(String name) {
    return browser.findElement(By.id("op")).getDomAttribute("data-" + name) == null
        ? null
        : String.valueOf(
            ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('op').dataset." + name));
  }

  private boolean hasError() {
    return !browser.findElement(By.id("control-error")).getText().isEmpty();
  }

  private void set(String id, String value) {
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
  }

  @Test
  void an_operator_starts_a_backfill_watches_it_reach_100_pauses_resumes_and_a_viewer_cannot()
      throws Exception {
    shotLogin();
    fx.sandbox.faults("eia").latencyMs(1000); // a window a second: pause lands mid-run
    signIn(Role.OPERATOR);
    set("bf-source", "eia");
    browser.findElement(By.id("bf-datasets")).sendKeys("ELEC.DEMAND");
    set("bf-start", "2024-01-01");
    set("bf-end", "2024-03-31");
    browser.findElement(By.id("bf-concurrency")).sendKeys("1");
    browser.findElement(By.id("bf-batch")).sendKeys("1");
    browser.findElement(By.id("bf-reason")).sendKeys("console test");
    shot("start-backfill");
    browser.findElement(By.id("bf-submit")).click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.getCurrentUrl().contains("/console/operations/"));
    String id = browser.findElement(By.id("op")).getDomAttribute("data-id");

    // Progress comes through the stream; pause once it has started.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> opAttr("percent") != null && Double.parseDouble(opAttr("percent")) > 0);
    browser.findElement(By.cssSelector("button[data-action=pause]")).click();
    await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(opAttr("state")));
    double pausedAt = Double.parseDouble(opAttr("percent"));
    assertThat(pausedAt).isLessThan(100.0);
    assertThat(browser.findElement(By.id("announce")).getText()).contains("paused");
    shot("operation-paused");
    fx.sandbox.faults("eia").latencyMs(0);
    // The paused runner gives its slot back at the end of its window; then it can be resumed.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !s.server.api().runs().running().contains(id));
    browser.findElement(By.cssSelector("button[data-action=resume]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !"paused".equals(opAttr("state")) || hasError());
    assertThat(browser.findElement(By.id("control-error")).getText()).isEmpty();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> "succeeded".equals(opAttr("state")) && "100".equals(opAttr("percent")));
    assertThat(browser.findElement(By.cssSelector("#op .pct")).getText()).isEqualTo("100 %");

    // The partition grid, on a fresh load: 91 days of one dataset, all published, labelled.
    browser.navigate().refresh();
    List<WebElement> cells = browser.findElements(By.cssSelector("#partition-grid td.s-published"));
    assertThat(cells).hasSize(91);
    assertThat(cells.get(0).getDomAttribute("title"))
        .isEqualTo("ELEC.DEMAND 2024-01-01: published");
    assertThat(browser.findElements(By.cssSelector(".legend li"))).hasSizeGreaterThanOrEqualTo(6);
    shot("operation");
    browser.get(s.base() + "/console");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                browser
                    .findElement(By.cssSelector("#ops tr[data-id='" + id + "'] .pct"))
                    .getText()
                    .equals("100 %"));
    shot("operations");
    for (String page : List.of("gaps", "quotas", "audit", "costs", "alerts")) {
      browser.get(s.base() + "/console/" + page);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  !browser
                      .findElements(By.cssSelector("#view table, #view dl, #view p"))
                      .isEmpty());
      assertThat(browser.findElements(By.cssSelector("#view .error"))).as(page).isEmpty();
      shot(page);
    }

    // A viewer: no control that changes anything, and the API refuses them anyway.
    signIn(Role.VIEWER);
    assertThat(browser.findElements(By.id("backfill-form"))).isEmpty();
    assertThat(browser.findElements(By.id("stop-open"))).isEmpty();
    browser.get(s.base() + "/console/operations/" + id);
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    assertThat(browser.findElements(By.id("partition-grid"))).hasSize(1);
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "fetch('/api/operations/"
                    + id
                    + "/pause', {method: 'POST', headers: {'X-Aurum-Console': '1'}})"
                    + ".then(function (r) { done(r.status); });");
    assertThat(((Number) status).intValue()).isEqualTo(403);
    assertThat(s.post("/api/operations/" + id + "/pause", Role.VIEWER, "").statusCode())
        .isEqualTo(403);
    assertThat(
            s.post(
                    "/api/backfills",
                    Role.VIEWER,
                    "{\"source\":\"eia\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\"}")
                .statusCode())
        .isEqualTo(403);

    // An admin sees the emergency stop, which asks for a reason and a confirmation.
    signIn(Role.ADMIN);
    browser.findElement(By.id("stop-open")).click();
    WebElement reason = browser.findElement(By.id("stop-reason"));
    assertThat(reason.equals(browser.switchTo().activeElement())).isTrue();
    assertThat(browser.findElement(By.id("stop-confirm")).getDomAttribute("required")).isNotNull();
    shot("emergency-stop");
    browser.findElement(By.id("stop-cancel")).click();
  }

  private void shotLogin() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(s.base() + "/console/login");
    shot("login");
  }
}
