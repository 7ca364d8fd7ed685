package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the packages in the layers their {@code package-info.java} states: each package of the filter
 * names (imports or writes out) only the McpGate packages listed here, so no cycle comes back. A new
 * edge is a decision: change the package-info, then this table.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    /** The McpGate packages each package may name ({@code ""} is {@code dev.mcpgate} itself). */
    private static final Map<String, Set<String>> MAY_NAME = Map.ofEntries(
            Map.entry("protocol", Set.of()),
            Map.entry("redact", Set.of()),
            Map.entry("concurrent", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("session", Set.of("protocol")),
            Map.entry("event", Set.of("protocol", "redact")),
            Map.entry("resume", Set.of("session")),
            Map.entry("guard", Set.of("event", "protocol", "redact")),
            Map.entry("schema", Set.of("event", "protocol", "redact", "concurrent")),
            Map.entry("store", Set.of("event", "schema", "protocol", "redact", "concurrent", "pin")),
            Map.entry("trace", Set.of("event", "protocol", "redact")),
            Map.entry("web", Set.of("protocol", "session", "event", "guard", "resume", "trace", "intercept", "bridge")),
            Map.entry("metrics", Set.of("event", "protocol")),
            Map.entry("intercept", Set.of("protocol")),
            Map.entry("bridge", Set.of("protocol", "session")),
            Map.entry("rules", Set.of("intercept", "protocol")),
            Map.entry("approval", Set.of("intercept", "event", "schema", "protocol")),
            Map.entry("tape", Set.of("intercept", "protocol", "redact", "concurrent")),
            Map.entry("pin", Set.of("intercept", "schema", "protocol", "concurrent")),
            Map.entry("", Set.of("protocol", "redact", "concurrent", "config", "session", "event", "resume", "guard",
                    "schema", "store", "web", "metrics", "trace", "intercept", "rules", "approval", "tape", "pin",
                    "bridge")));
    /** {@code dev.mcpgate.<package>.<Type>} or {@code dev.mcpgate.<Type>}, outside comments. */
    private static final Pattern NAMED = Pattern.compile("\\bdev\\.mcpgate(?:\\.([a-z]+))?\\.[A-Z]");
    /**
     * Char literals first (a quote char would open a "string" up to the next one), then strings, each
     * matched without a recursion per character, which a long match would overflow.
     */
    private static final Pattern STRINGS = Pattern.compile("'(?:\\\\u[0-9a-fA-F]{4}|\\\\.|[^'\\\\\\n])'|\"[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\"");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void eachPackageNamesOnlyThePackagesBelowIt() throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/mcpgate"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = packageOf(file);
                Matcher m = NAMED.matcher(COMMENTS.matcher(read(file)).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1) == null ? "" : m.group(1);
                    if (!target.equals(pkg)) {
                        named.computeIfAbsent(pkg, p -> new TreeSet<>()).add(target);
                    }
                }
            });
        }
        assertEquals(MAY_NAME.keySet(), new TreeSet<>(allPackages()), "packages of the filter and this table");
        named.forEach((pkg, targets) -> {
            Set<String> unexpected = new TreeSet<>(targets);
            unexpected.removeAll(MAY_NAME.get(pkg));
            assertTrue(unexpected.isEmpty(), fullName(pkg) + " names packages above it or beside it: "
                    + unexpected.stream().map(PackageLayersTest::fullName).toList());
        });
    }

    /**
     * The OpenTelemetry API is optional: only the {@code Otel*} classes of {@code dev.mcpgate.trace}
     * name it (in code: {@code Tracing} looks the API up by a class name in a string), and
     * {@code Tracing} reaches them only once it found the API.
     */
    @Test
    void theProtocolPackageImportsTheJdkOnly() throws IOException {
        Set<String> imports = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/mcpgate/protocol"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> read(file).lines()
                    .filter(line -> line.startsWith("import "))
                    .filter(line -> !line.matches("import (static )?(java\\.|dev\\.mcpgate\\.protocol\\.).*"))
                    .forEach(imports::add));
        }
        assertTrue(imports.isEmpty(), "the protocol layer stays free of libraries: " + imports);
    }

    @Test
    void onlyTheOtelClassesOfTheTracePackageNameOpenTelemetry() throws IOException {
        Set<String> naming = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/mcpgate"))) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> STRINGS.matcher(COMMENTS.matcher(read(f)).replaceAll("")).replaceAll("\"\"")
                            .contains("io.opentelemetry"))
                    .forEach(f -> naming.add(SOURCES.relativize(f).toString().replace('\\', '/')));
        }
        assertTrue(naming.stream().allMatch(f -> f.matches("dev/mcpgate/trace/Otel[A-Za-z]+\\.java")),
                "classes naming io.opentelemetry outside dev.mcpgate.trace.Otel*: " + naming);
        assertTrue(!naming.isEmpty(), "the trace package names the OpenTelemetry API");
    }

    private static Set<String> allPackages() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/mcpgate"))) {
            Set<String> packages = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> packages.add(packageOf(f)));
            return packages;
        }
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.resolve("dev/mcpgate").relativize(file.getParent());
        return dir.toString().replace('/', '.');
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
