package dev.mcpgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.SchemaChanged;
import dev.mcpgate.event.SessionEnded;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard of the README ({@code docs/grafana/mcpgate-dashboard.json}) asks only for
 * series that McpGate's meters really expose to Prometheus, so that it stays Grafana-ready when a
 * meter is renamed.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "mcpgate-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("\\b(mcp_[a-z_]+|mcpgate_[a-z_]+)\\s*[{\\[]");

    @Test
    void everySeriesTheDashboardQueriesIsScraped() throws IOException {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        McpMeters meters = new McpMeters(prometheus, "weather", 200, List.of("2025-11-25"));
        meters.bind(new McpMetersTest.Figures());
        Instant now = Instant.now();
        meters.accept(new EventBatch(List.of(
                McpMetersTest.exchange("tools/call", "echo", Outcome.OK, null, 1000),
                new SessionEnded(now, "weather", "s", EndReason.IDLE_TIMEOUT, now.minusSeconds(60), now, 1, 0),
                new SchemaChanged(now, "weather", "tools/list", 1, null, "h", "c", 1, true, false, List.of(), null,
                        null))));
        Set<String> scraped = new TreeSet<>();
        prometheus.scrape().lines().filter(line -> !line.startsWith("#"))
                .forEach(line -> scraped.add(line.split("[{ ]", 2)[0]));

        Set<String> queried = new TreeSet<>();
        try (Reader reader = Files.newBufferedReader(DASHBOARD); JsonReader json = Json.createReader(reader)) {
            for (JsonValue panel : json.readObject().getJsonArray("panels")) {
                for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                    Matcher m = SERIES.matcher(((JsonObject) target).getString("expr"));
                    while (m.find()) {
                        queried.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(queried.size() >= 10, "the dashboard queries McpGate's series: " + queried);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(scraped);
        assertEquals(Set.of(), missing, "queried by the dashboard but not scraped; scraped: " + scraped);
    }
}
