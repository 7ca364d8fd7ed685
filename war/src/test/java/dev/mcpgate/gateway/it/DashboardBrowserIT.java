package dev.mcpgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard ({@code /mcpgate/}) of the packaged demo WAR on embedded Tomcat, in headless Chromium
 * driven by Selenium through the system's chromedriver ({@code mvn verify -Pbrowser}): after real MCP
 * Java SDK traffic the page loads without a console message, its figures equal the API's, every
 * chart has drawn its series, the tool links lead to the tool's calls and versions, and the window
 * picker changes the window. It leaves {@code target/dashboard.png} behind for people to look at.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class DashboardBrowserIT {

    private static final String DEMO = "dashboard";
    private static final String ADMIN = AbstractGatewayWarIT.ADMIN;
    private static final String PASSWORD = AbstractGatewayWarIT.PASSWORD;
    private static final int ECHO_CALLS = 3;
    /** The charts of the page and the colours their series are drawn in (dashboard.js COLORS). */
    private static final Map<String, List<String>> CHART_COLOURS = Map.of(
            "chart-traffic", List.of("#2f6fb0"),
            "chart-latency", List.of("#1e7b34", "#c77c02", "#b3261e"),
            "chart-tools", List.of("#1e7b34", "#c77c02", "#b3261e"),
            "chart-platforms", List.of("#2f6fb0"),
            "chart-sessions", List.of("#2f6fb0"));

    @Deployment(name = DEMO, testable = false)
    static WebArchive deployment() {
        return TomcatEmbeddedGatewayWarIT.withRealm(GatewayWars.war(GatewayWars.Flavour.TOMCAT, "mcpgate-" + DEMO, null));
    }

    @ArquillianResource
    @OperateOnDeployment(DEMO)
    URL demo;

    private ChromeDriver browser;
    private McpSdkClient liveClient;

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("mcpgate.it.chromium", "/usr/bin/chromium"));
        // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,2600", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("mcpgate.it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the page's own fetch() calls need the login too: HTTP Basic on every request of this browser
        String token = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (liveClient != null) {
            liveClient.close();
        }
    }

    @Test
    void dashboardShowsTheApisFiguresInDrawnChartsWithoutConsoleErrors() throws IOException {
        makeTraffic();
        ApiClient api = new ApiClient(demo);
        // the store writes asynchronously: the page is loaded once the API has every call
        api.awaitItems("mcpgate/api/tools?window=PT1H", ADMIN, PASSWORD, items -> calls(items, "echo") == ECHO_CALLS
                && calls(items, "failing-tool") == 1 && calls(items, "slow-task") == 1);
        api.await("mcpgate/api/schema/versions?list=tools/list", ADMIN, PASSWORD,
                versions -> !versions.json().getJsonArray("items").isEmpty());

        browser.get(demo.toString().replaceAll("/$", "") + "/mcpgate/");
        String firstUpdate = awaitUpdate(null);
        Map<String, Object> page = pageFigures();

        // the figures on the page are the API's for the page's own window
        String since = (String) page.get("since");
        String until = (String) page.get("until");
        JsonObject series = api.get("mcpgate/api/timeseries?from=" + since + "&to=" + until, ADMIN, PASSWORD).json();
        long calls = 0;
        long errors = 0;
        long toolErrors = 0;
        for (JsonValue point : series.getJsonArray("points")) {
            calls += point.asJsonObject().getJsonNumber("calls").longValue();
            errors += point.asJsonObject().getJsonNumber("errors").longValue();
            toolErrors += point.asJsonObject().getJsonNumber("toolErrors").longValue();
        }
        assertTrue(calls >= ECHO_CALLS + 2, "the traffic is in the time series: " + series);
        assertEquals(Long.toString(calls), page.get("calls"), page.toString());
        assertEquals(Long.toString(errors), page.get("errors"), page.toString());
        assertEquals(Long.toString(toolErrors), page.get("toolErrors"), page.toString());
        assertTrue(toolErrors >= 1, "failing-tool's tool error: " + series);
        JsonArray tools = api.get("mcpgate/api/tools?window=PT1H", ADMIN, PASSWORD).json().getJsonArray("items");
        Map<String, String> apiToolCalls = tools.stream().map(JsonValue::asJsonObject).collect(Collectors.toMap(
                t -> t.getString("tool"), t -> Long.toString(t.getJsonNumber("calls").longValue()), (a, b) -> a,
                LinkedHashMap::new));
        assertEquals(apiToolCalls, page.get("toolCalls"));
        JsonObject health = api.get("mcpgate/api/health", ADMIN, PASSWORD).json().getJsonObject("demo").getJsonObject("health"); // the endpoint is named after its mode
        assertEquals(Long.toString(health.getJsonNumber("sessionsTracked").longValue()), page.get("liveSessions"),
                "live sessions: " + health);
        JsonArray slowest = api.get("mcpgate/api/slowest?since=" + since + "&until=" + until + "&limit=1", ADMIN,
                PASSWORD).json().getJsonArray("items");
        JsonObject slowestCall = slowest.getJsonObject(0);
        assertEquals(slowestCall.isNull("target") ? "" : slowestCall.getString("target"), page.get("slowestTarget"),
                page + " " + slowest);
        double slowestMs = Double.parseDouble(((String) page.get("slowestLatency")).replace(" ms", ""));
        assertEquals(slowestCall.getJsonNumber("latencyMicros").longValue() / 1000.0, slowestMs, 0.051,
                page + " " + slowest);

        // the client platform mix (the chart's table) and the events dropped are the API's
        JsonArray platforms = api.get("mcpgate/api/clients?since=" + since + "&until=" + until, ADMIN, PASSWORD)
                .json().getJsonArray("items");
        assertFalse(platforms.isEmpty(), "the traffic's client platforms");
        assertEquals(platforms.stream().map(JsonValue::asJsonObject).map(p -> List.of(
                        p.getString("platform", "other"),
                        Long.toString(p.getJsonNumber("requests").longValue()),
                        Long.toString(p.getJsonNumber("sessions").longValue()),
                        Long.toString(p.getJsonNumber("clientNames").longValue()))).toList(),
                platformRows(), "the platforms table");
        JsonObject allHealth = api.get("mcpgate/api/health", ADMIN, PASSWORD).json();
        long dropped = 0; // the page's figure: every endpoint's queue, sink and store drops
        for (JsonValue endpoint : allHealth.values()) {
            JsonObject h = endpoint.asJsonObject().getJsonObject("health");
            dropped += h.getJsonNumber("eventsDropped").longValue() + h.getJsonNumber("sinkEventsDropped").longValue()
                    + (h.get("store") instanceof JsonObject store ? store.getJsonNumber("eventsDropped").longValue() : 0);
        }
        assertEquals(Long.toString(dropped), ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('drops').textContent"), "events dropped: " + allHealth);

        // each chart has drawn its series, not only its axes
        for (Map.Entry<String, List<String>> chart : CHART_COLOURS.entrySet()) {
            long pixels = seriesPixels(chart.getKey(), chart.getValue());
            assertTrue(pixels > 20, chart.getKey() + " drew " + pixels + " pixels of its series' colours");
        }
        Path screenshot = Path.of(System.getProperty("mcpgate.it.screenshot", "target/dashboard.png"));
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

        // a tool's "calls" link shows its calls, and only its
        clickToolLink("echo", "calls");
        String afterCalls = awaitUpdate(firstUpdate);
        assertTrue(browser.getCurrentUrl().contains("tool=echo"), browser.getCurrentUrl());
        List<String> targets = column("requests", "target");
        assertEquals(List.of("echo", "echo", "echo"), targets, "the requests table filtered to echo");
        int apiEcho = api.get("mcpgate/api/requests?tool=echo&since=" + encode(since), ADMIN, PASSWORD).json()
                .getInt("count");
        assertEquals(apiEcho, targets.size());

        // its "versions" link shows the versions of tools/list that changed it: the first added it
        clickToolLink("echo", "versions");
        String afterVersions = awaitUpdate(afterCalls);
        assertTrue(browser.getCurrentUrl().contains("item=echo"), browser.getCurrentUrl());
        assertEquals(List.of("1"), column("versions", "version"), "version 1 added echo: "
                + ((JavascriptExecutor) browser).executeScript("return document.getElementById('catalogue').innerText"));
        assertEquals(List.of("added"), column("versions", "echo"));
        List<String> picked = column("diff tr.picked", "item");
        assertEquals(List.of("echo"), picked, "the diff of version 1 marks echo");

        // the window picker sets the window: 15 minutes back from now
        new Select(browser.findElement(By.id("window"))).selectByValue("PT15M");
        awaitUpdate(afterVersions);
        Map<String, Object> narrowed = pageFigures();
        Duration window = Duration.between(Instant.parse((String) narrowed.get("since")),
                Instant.parse((String) narrowed.get("until")));
        assertEquals(Duration.ofMinutes(15), window, narrowed.toString());
        assertTrue(browser.getCurrentUrl().contains("window=PT15M"), browser.getCurrentUrl());

        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertEquals(List.of(), console.stream().map(LogEntry::toString).toList(), "the browser console stays empty");
    }

    /** A finished session with every demo tool (a tool error and a slow call among them) and one left open. */
    private void makeTraffic() {
        try (McpSdkClient client = new McpSdkClient(demo, "dashboard-it", null)) {
            client.client().initialize();
            client.client().listTools();
            for (int i = 0; i < ECHO_CALLS; i++) {
                client.client().callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("text", "hi " + i))
                        .build());
            }
            client.client().callTool(McpSchema.CallToolRequest.builder("failing-tool").arguments(Map.of()).build());
            client.client().callTool(McpSchema.CallToolRequest.builder("slow-task").arguments(Map.of("steps", 2))
                    .build());
        }
        liveClient = new McpSdkClient(demo, "dashboard-it-live", null);
        liveClient.client().initialize();
        liveClient.client().ping();
    }

    private static long calls(JsonArray tools, String tool) {
        return tools.stream().map(JsonValue::asJsonObject).filter(t -> t.getString("tool").equals(tool))
                .mapToLong(t -> t.getJsonNumber("calls").longValue()).sum();
    }

    /**
     * Waits until the page has finished a refresh after {@code previous} for the view its URL names now
     * (a refresh under way when a link was clicked shows the view before); its marker.
     */
    private String awaitUpdate(String previous) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100)).until(driver ->
                (String) ((JavascriptExecutor) browser).executeScript("""
                        const main = document.querySelector('main');
                        const updated = main.dataset.updated;
                        return updated && updated !== arguments[0] && main.dataset.state === location.hash
                          ? updated : null;
                        """, previous));
    }

    /** The page's figures, read in one script so that no refresh falls between them. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> pageFigures() {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const figure = id => document.getElementById(id).textContent;
                const toolCalls = {};
                document.querySelectorAll('#tools tr').forEach(row => {
                  const tool = row.querySelector("td[data-column='tool']");
                  if (tool) { toolCalls[tool.textContent] = row.querySelector("td[data-column='calls']").textContent; }
                });
                const slowest = column => document.querySelector("#slowest td[data-column='" + column + "']").textContent;
                const main = document.querySelector('main');
                return { since: main.dataset.since, until: main.dataset.until, calls: figure('total-calls'),
                  errors: figure('total-errors'), toolErrors: figure('total-tool-errors'),
                  liveSessions: figure('live-sessions'), toolCalls,
                  slowestTarget: slowest('target'), slowestLatency: slowest('latency') };
                """);
    }

    /** The rows of the platforms table: platform, requests, sessions, clients. */
    @SuppressWarnings("unchecked")
    private List<List<String>> platformRows() {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('#platforms tr')].filter(row => row.querySelector('td[data-column]'))
                  .map(row => ['platform', 'requests', 'sessions', 'clients']
                    .map(c => row.querySelector("td[data-column='" + c + "']").textContent));
                """);
    }

    /** The pixels of a chart's canvas in (nearly) one of {@code colours}. */
    private long seriesPixels(String chart, List<String> colours) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector('#' + arguments[0] + ' canvas');
                const rgb = arguments[1].map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let count = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] > 200 && rgb.some(([r, g, b]) =>
                      Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 24)) {
                    count++;
                  }
                }
                return count;
                """, chart, colours);
        return ((Number) count).longValue();
    }

    /** Clicks a link of a tool's row; again when a refresh replaced the row between finding and clicking. */
    private void clickToolLink(String tool, String link) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(driver -> {
                    driver.findElement(By.xpath("//table[@id='tools']//tr[td[1][text()='" + tool + "']]//a[text()='"
                            + link + "']")).click();
                    return true;
                });
    }

    /** A column of a table, read in one script: the page re-renders its tables every 5 seconds. */
    @SuppressWarnings("unchecked")
    private List<String> column(String table, String column) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('#' + arguments[0] + " td[data-column='" + arguments[1] + "']")]
                  .map(cell => cell.textContent);
                """, table, column);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
