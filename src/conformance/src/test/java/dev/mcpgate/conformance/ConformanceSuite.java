package dev.mcpgate.conformance;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one version of the official conformance suite ({@code @modelcontextprotocol/conformance}, installed
 * in {@code src/node}) against a URL: the whole selection (e.g. {@code --requirements 2026-07-28}) in ONE
 * Node process, which is much cheaper than a process per scenario. Each scenario writes its
 * {@code checks.json} under the output folder; {@link Result} maps scenario to verdicts.
 *
 * <p>System properties: {@code mcpgate.node.dir} (the {@code src/node} folder), {@code
 * mcpgate.conformance.results.dir} (where results go).
 */
public final class ConformanceSuite {

    private final Path nodeDir;
    private final Path node;
    private final Path entry;

    private ConformanceSuite(Path nodeDir, String npmPackage) {
        this.nodeDir = nodeDir;
        this.node = nodeDir.resolve("node_modules/node/bin/node");
        this.entry = nodeDir.resolve("node_modules/" + npmPackage + "/dist/index.js");
        if (!Files.isExecutable(node) || !Files.isRegularFile(entry)) {
            throw new IllegalStateException("The Node peers are not installed (" + node + ", " + entry
                    + "). Run: cd " + nodeDir + " && npm ci");
        }
    }

    /** The suite installed under this npm name (the pinned 0.1.16 or the alias of 0.2.0-alpha.12). */
    public static ConformanceSuite of(String npmPackage) {
        String dir = System.getProperty("mcpgate.node.dir", "../node");
        return new ConformanceSuite(Path.of(dir).toAbsolutePath().normalize(), npmPackage);
    }

    /**
     * {@code conformance server --url URL -o DIR args...}, killed after {@code timeout}.
     *
     * @throws IllegalStateException when it timed out or wrote no verdict at all
     */
    public Result run(String label, String url, Duration timeout, String... args) {
        Path out = resultsRoot().resolve(label + "-" + System.currentTimeMillis());
        List<String> cmd = new ArrayList<>(List.of(node.toString(), entry.toString(), "server", "--url", url,
                "-o", out.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(nodeDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        pb.environment().put("PATH", node.getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("NODE_OPTIONS");
        long start = System.nanoTime();
        try {
            Files.createDirectories(out);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("conformance against " + url + " timed out after " + timeout
                        + "; log: " + out + ".log");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Map<String, List<Check>> byScenario = readChecks(out);
            if (byScenario.isEmpty()) {
                throw new IllegalStateException("conformance against " + url + " wrote no checks (exit "
                        + p.exitValue() + "); log: " + out + ".log");
            }
            return new Result(label, url, p.exitValue(), byScenario, out, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code checks.json} below {@code out}, by the scenario named in its folder ({@code <scenario>-<time>}). */
    private static Map<String, List<Check>> readChecks(Path out) throws IOException {
        Map<String, List<Check>> byScenario = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("checks.json")).toList()) {
                String folder = out.relativize(f.getParent()).toString();
                byScenario.put(scenarioOf(folder), read(f));
            }
        }
        return byScenario;
    }

    /** The scenario of a results folder: {@code server-<scenario>-2026-12-01T17-40-01-123Z}. */
    static String scenarioOf(String folder) {
        String name = folder.replace(File.separatorChar, '/');
        name = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        return name.replaceFirst("^server-", "").replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
    }

    /**
     * The server scenarios a revision requires, from the suite's own {@code requirements/<revision>.yaml}
     * (its {@code server:} list): the scored set; the suite runs a few unscored ones (extensions, pending) besides.
     */
    public List<String> requiredServerScenarios(String revision) {
        Path yaml = entry.getParent().getParent().resolve("requirements/" + revision + ".yaml");
        try {
            List<String> scenarios = new ArrayList<>();
            boolean inServer = false;
            for (String line : Files.readAllLines(yaml, StandardCharsets.UTF_8)) {
                if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
                    inServer = line.strip().equals("server:");
                } else if (inServer && line.strip().startsWith("- ")) {
                    scenarios.add(line.strip().substring(2).strip());
                }
            }
            return List.copyOf(scenarios);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Check> read(Path file) {
        try (JsonReader r = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            JsonArray array = r.readArray();
            List<Check> checks = new ArrayList<>();
            for (JsonValue v : array) {
                JsonObject o = v.asJsonObject();
                checks.add(new Check(text(o, "id"), text(o, "status"), text(o, "errorMessage")));
            }
            return List.copyOf(checks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static Path resultsRoot() {
        return Path.of(System.getProperty("mcpgate.conformance.results.dir", "target/conformance-results"))
                .toAbsolutePath();
    }

    /** One check: status SUCCESS, FAILURE, WARNING, SKIPPED or INFO (INFO is a trace, not a verdict). */
    public record Check(String id, String status, String errorMessage) {

        boolean isVerdict() {
            return !"INFO".equals(status);
        }

        @Override
        public String toString() {
            return status + " " + id + (errorMessage == null ? "" : " (" + errorMessage + ")");
        }
    }

    /** One run: every scenario's checks. */
    public record Result(String label, String url, int exitCode, Map<String, List<Check>> byScenario, Path dir,
            Duration elapsed) {

        /**
         * Every check whose verdict differs in {@code other}, as "scenario check: STATUS here, STATUS (message)
         * there"; a scenario or check only one run has counts as a difference. Empty: the same verdicts.
         */
        public List<String> differencesFrom(Result other) {
            List<String> differences = new ArrayList<>();
            java.util.Set<String> scenarios = new java.util.TreeSet<>(byScenario.keySet());
            scenarios.addAll(other.byScenario.keySet());
            for (String scenario : scenarios) {
                Map<String, Check> mine = verdictChecks(byScenario.get(scenario));
                Map<String, Check> theirs = verdictChecks(other.byScenario.get(scenario));
                java.util.Set<String> ids = new java.util.TreeSet<>(mine.keySet());
                ids.addAll(theirs.keySet());
                for (String id : ids) {
                    Check a = mine.get(id);
                    Check b = theirs.get(id);
                    if (a == null || b == null || !a.status().equals(b.status())) {
                        differences.add(scenario + " " + id + ": " + (a == null ? "absent" : a.status()) + " in "
                                + label + ", " + (b == null ? "absent" : b) + " in " + other.label);
                    }
                }
            }
            return differences;
        }

        private static Map<String, Check> verdictChecks(List<Check> checks) {
            Map<String, Check> byId = new TreeMap<>();
            if (checks != null) {
                checks.stream().filter(Check::isVerdict).forEach(c -> byId.merge(c.id(), c,
                        (x, y) -> new Check(x.id(), x.status() + "," + y.status(), x.errorMessage())));
            }
            return byId;
        }

        /** Scenarios with no FAILURE check. */
        public List<String> passing() {
            return byScenario.entrySet().stream()
                    .filter(e -> e.getValue().stream().noneMatch(c -> "FAILURE".equals(c.status())))
                    .map(Map.Entry::getKey).toList();
        }

        /** The FAILURE checks, "scenario: check (message)". */
        public List<String> failures() {
            List<String> failed = new ArrayList<>();
            byScenario.forEach((scenario, checks) -> checks.stream().filter(c -> "FAILURE".equals(c.status()))
                    .forEach(c -> failed.add(scenario + ": " + c)));
            return failed;
        }

        public String summary() {
            List<String> failing = byScenario.keySet().stream().filter(s -> !passing().contains(s)).toList();
            return label + " (" + url + "): " + passing().size() + "/" + byScenario.size() + " scenarios pass in "
                    + elapsed.toSeconds() + " s, exit " + exitCode + ", failing " + failing + ", results " + dir;
        }
    }
}
