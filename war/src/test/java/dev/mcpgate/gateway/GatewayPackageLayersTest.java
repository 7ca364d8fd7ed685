package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the WAR's packages in the layers their {@code package-info.java} states (as filter-lib's
 * {@code PackageLayersTest} does for the filter): each package names (imports or writes out) only the
 * McpGate packages listed here, so the {@code gateway} ↔ {@code gateway.proxy} cycle does not come back.
 * A new edge is a decision: change the package-info, then this table.
 */
class GatewayPackageLayersTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path ROOT = SOURCES.resolve("dev/mcpgate/gateway");
    /**
     * The McpGate packages each WAR package may name, relative to {@code dev.mcpgate} ({@code ""} is
     * {@code dev.mcpgate} itself, the filter's face).
     */
    private static final Map<String, Set<String>> MAY_NAME = Map.of(
            "gateway.demo", Set.of(),
            "gateway.metrics", Set.of("metrics"),
            "gateway.proxy", Set.of("protocol", "redact", "trace"),
            "gateway.api", Set.of("", "approval", "event", "guard", "schema", "store", "redact", "gateway.proxy", "pin"),
            "gateway", Set.of("", "config", "redact", "gateway.demo", "gateway.proxy"));
    /** {@code dev.mcpgate[.<package>...].<Type>}, outside comments; group 1 is {@code .<package>...}. */
    private static final Pattern NAMED = Pattern.compile("\\bdev\\.mcpgate((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void eachPackageNamesOnlyThePackagesBelowIt() throws IOException {
        Map<String, Set<String>> named = namedPackages();
        assertEquals(MAY_NAME.keySet(), named.keySet(), "packages of the WAR and this table");
        named.forEach((pkg, targets) -> {
            Set<String> unexpected = new TreeSet<>(targets);
            unexpected.removeAll(MAY_NAME.get(pkg));
            assertTrue(unexpected.isEmpty(), fullName(pkg) + " names packages above it or beside it: "
                    + unexpected.stream().map(GatewayPackageLayersTest::fullName).toList());
        });
    }

    @Test
    void theAllowedEdgesFormNoCycle() {
        for (String start : MAY_NAME.keySet()) {
            Deque<String> todo = new ArrayDeque<>(MAY_NAME.get(start));
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                assertTrue(!next.equals(start), fullName(start) + " reaches itself through the table");
                if (seen.add(next)) {
                    todo.addAll(MAY_NAME.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    /** Each WAR package (every one, even one that names nothing) and the other McpGate packages it names. */
    private static Map<String, Set<String>> namedPackages() throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = packageOf(file);
                Set<String> targets = named.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = NAMED.matcher(COMMENTS.matcher(read(file)).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!target.equals(pkg)) {
                        targets.add(target);
                    }
                }
            });
        }
        return named;
    }

    private static String packageOf(Path file) {
        return SOURCES.resolve("dev/mcpgate").relativize(file.getParent()).toString().replace('/', '.');
    }

    private static String fullName(String pkg) {
        return pkg.isEmpty() ? "dev.mcpgate" : "dev.mcpgate." + pkg;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
