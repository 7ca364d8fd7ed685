package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard loads uPlot from the webjar in {@code WEB-INF/lib} ({@code META-INF/resources}), by a
 * path that names its version: every such path of {@code index.html} must be in the webjar the build
 * ships, so that a version bump in the pom without the page (or the reverse) fails here, not in a
 * user's browser.
 */
class DashboardAssetsTest {

    private static final Pattern WEBJAR = Pattern.compile("\"\\.\\./(webjars/[^\"]+)\"");

    @Test
    void everyWebjarPathOfTheDashboardIsInTheShippedWebjar() throws IOException {
        String page = Files.readString(Path.of("src/main/webapp/mcpgate/index.html"));
        Matcher paths = WEBJAR.matcher(page);
        List<String> referenced = paths.results().map(m -> m.group(1)).toList();
        assertFalse(referenced.isEmpty(), "index.html loads uPlot from the webjar");
        List<String> missing = referenced.stream()
                .filter(path -> getClass().getClassLoader().getResource("META-INF/resources/" + path) == null)
                .toList();
        assertEquals(List.of(), missing, "paths of index.html that no jar on the class path serves");
    }
}
