package dev.mcpgate.it.node;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives the real Node MCP peers installed in the repository's {@code src/node} folder (see its
 * {@code package.json}): the TypeScript-SDK client {@code ts-client.mjs} and the official conformance
 * suite {@code @modelcontextprotocol/conformance}, both run with the pinned Node 22 binary from
 * {@code node_modules/node/bin/node}.
 *
 * <p>Only the JDK and JSON-P are used. Every process gets a timeout, is killed (with its descendants)
 * when the timeout expires, and has stdout/stderr drained on their own threads.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code mcpgate.node.dir} – the {@code src/node} folder (default {@code ${user.dir}/../src/node},
 *       i.e. relative to the filter-lib module, then {@code ${user.dir}/src/node});</li>
 *   <li>{@code mcpgate.node.timeout.seconds} – default per-process timeout (default 120);</li>
 *   <li>{@code mcpgate.conformance.results.dir} – where conformance results go (default
 *       {@code ${user.dir}/target/conformance-results}); each run gets its own sub-folder.</li>
 * </ul>
 */
public final class NodeTools {

    public static final String NODE_DIR_PROPERTY = "mcpgate.node.dir";
    public static final String TIMEOUT_PROPERTY = "mcpgate.node.timeout.seconds";
    public static final String RESULTS_DIR_PROPERTY = "mcpgate.conformance.results.dir";
    /** Major version of the pinned Node binary; the conformance suite needs at least 22. */
    public static final String REQUIRED_NODE_MAJOR = "22";

    private static final Pattern SUMMARY =
            Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final int MAX_CAPTURE = 16 * 1024 * 1024;
    private static final AtomicLong RUN_COUNTER = new AtomicLong();
    private static final Map<Path, NodeTools> LOCATED = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path node;
    private final Path tsClient;
    private final Path conformance;
    private final String nodeVersion;
    private final Duration defaultTimeout;

    private NodeTools(Path dir, Path node, Path tsClient, Path conformance, String nodeVersion,
            Duration defaultTimeout) {
        this.dir = dir;
        this.node = node;
        this.tsClient = tsClient;
        this.conformance = conformance;
        this.nodeVersion = nodeVersion;
        this.defaultTimeout = defaultTimeout;
    }

    // ------------------------------------------------------------------------------------------ locate

    /**
     * Finds {@code src/node} and checks that {@code npm ci} has been run there.
     *
     * @throws IllegalStateException with the command to run when the peers are missing, so that a test
     *     in the Node profile fails (never skips) on a machine without them
     */
    public static NodeTools locate() {
        Path dir = nodeDir();
        return LOCATED.computeIfAbsent(dir, NodeTools::check);
    }

    private static Path nodeDir() {
        String prop = System.getProperty(NODE_DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("package.json"))) {
                throw new IllegalStateException("-D" + NODE_DIR_PROPERTY + "=" + prop
                        + " does not point to the McpGate src/node folder (no package.json in " + p + ")");
            }
            return p;
        }
        Path userDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        List<Path> candidates = List.of(userDir.resolve("../src/node"), userDir.resolve("src/node"));
        for (Path c : candidates) {
            Path p = c.normalize();
            if (Files.isRegularFile(p.resolve("package.json")) && Files.isRegularFile(p.resolve("ts-client.mjs"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the McpGate src/node folder (tried "
                + candidates.stream().map(p -> p.normalize().toString()).collect(Collectors.joining(", "))
                + "); set -D" + NODE_DIR_PROPERTY + "=/path/to/repo/src/node");
    }

    private static NodeTools check(Path dir) {
        Path node = dir.resolve("node_modules/node/bin/node");
        Path tsClient = dir.resolve("ts-client.mjs");
        Path conformance = dir.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
        Path sdk = dir.resolve("node_modules/@modelcontextprotocol/sdk/package.json");
        String install = "cd " + dir + " && npm ci";
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(node)) {
            missing.add(dir.relativize(node).toString());
        }
        if (!Files.isRegularFile(conformance)) {
            missing.add(dir.relativize(conformance).toString());
        }
        if (!Files.isRegularFile(sdk)) {
            missing.add(dir.relativize(sdk).toString());
        }
        if (!Files.isRegularFile(tsClient)) {
            throw new IllegalStateException("Missing " + tsClient + " (the repository checkout is incomplete)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The Node MCP peers are not installed (missing "
                    + String.join(", ", missing) + "). Run: " + install
                    + "   (needs Node 20+ with npm on PATH and the npm registry; install"
                    + " scripts must be allowed: node@22 fetches its binary in a preinstall step)");
        }
        Duration timeout = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 120L));
        NodeTools probe = new NodeTools(dir, node, tsClient, conformance, "?", timeout);
        ProcessOutput v = probe.run(Duration.ofSeconds(30), List.of(node.toString(), "--version"));
        String version = v.stdout().strip();
        if (v.exitCode() != 0 || !version.startsWith("v" + REQUIRED_NODE_MAJOR + ".")) {
            throw new IllegalStateException(node + " --version gave '" + version + "' (exit " + v.exitCode()
                    + ", stderr: " + v.stderr().strip() + "), expected v" + REQUIRED_NODE_MAJOR
                    + ".x. Reinstall with: cd " + dir + " && rm -rf node_modules && npm ci");
        }
        return new NodeTools(dir, node, tsClient, conformance, version, timeout);
    }

    public Path dir() {
        return dir;
    }

    /** The pinned Node 22 binary. */
    public Path node() {
        return node;
    }

    /** E.g. {@code v22.23.3}. */
    public String nodeVersion() {
        return nodeVersion;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    // ------------------------------------------------------------------------------------- TS client

    /**
     * Runs {@code node ts-client.mjs <url> args...} (see the usage comment in ts-client.mjs: a scenario
     * name such as {@code full}, {@code basic}, {@code echo}, {@code connect}, or JSON, then options such as
     * {@code --calls N --concurrency C --clients K --no-terminate --header Name:Value}).
     */
    public TsClientResult runTsClient(String url, String... args) {
        return runTsClient(defaultTimeout, url, args);
    }

    public TsClientResult runTsClient(Duration timeout, String url, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(node.toString());
        cmd.add(tsClient.toString());
        cmd.add(url);
        cmd.addAll(Arrays.asList(args));
        ProcessOutput out = run(timeout, cmd);
        return new TsClientResult(out.exitCode(), lastJsonLine(out.stdout()), out.stdout(), out.stderr(),
                out.timedOut(), out.elapsed());
    }

    private static JsonObject lastJsonLine(String stdout) {
        List<String> lines = stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith("{")) {
                try (JsonReader r = Json.createReader(new StringReader(l))) {
                    return r.readObject();
                } catch (JsonException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Outcome of one ts-client.mjs run; {@code json} is the one JSON line it printed (null if none). */
    public record TsClientResult(int exitCode, JsonObject json, String stdout, String stderr, boolean timedOut,
            Duration elapsed) {

        public boolean ok() {
            return exitCode == 0 && !timedOut && json != null && json.getBoolean("ok", false);
        }

        /** Returns this, or throws an AssertionError that carries the client's stderr. */
        public TsClientResult requireOk() {
            if (!ok()) {
                throw new AssertionError("ts-client.mjs failed: " + this);
            }
            return this;
        }

        public String sessionId() {
            return str(json, "sessionId");
        }

        public List<String> sessionIds() {
            return strings(json, "sessionIds");
        }

        public String protocolVersion() {
            return str(json, "protocolVersion");
        }

        public List<String> tools() {
            return strings(json, "tools");
        }

        public String echo() {
            return str(json, "echo");
        }

        public int echoCallsTotal() {
            return json == null ? 0 : json.getInt("echoCallsTotal", 0);
        }

        public int echoMismatchesTotal() {
            return json == null ? 0 : json.getInt("echoMismatchesTotal", 0);
        }

        public int progressEvents() {
            JsonObject p = obj(json, "progress");
            return p == null ? 0 : p.getInt("events", 0);
        }

        public boolean progressAllBeforeResult() {
            JsonObject p = obj(json, "progress");
            return p != null && p.getBoolean("allBeforeResult", false);
        }

        public boolean failIsError() {
            JsonObject f = obj(json, "fail");
            return f != null && f.getBoolean("isError", false);
        }

        /** True when calling {@code boom} ended in a JSON-RPC error (not a result). */
        public boolean boomThrew() {
            JsonObject b = obj(json, "boom");
            return b != null && b.getBoolean("threw", false);
        }

        /** JSON-RPC error code of {@code boom}, or null. */
        public Integer boomCode() {
            JsonObject b = obj(json, "boom");
            return b == null || !(b.get("code") instanceof jakarta.json.JsonNumber n) ? null : n.intValue();
        }

        public String boomMessage() {
            return str(obj(json, "boom"), "message");
        }

        public boolean terminated() {
            return json != null && json.getBoolean("terminated", false);
        }

        public List<String> transportErrors() {
            return strings(json, "transportErrors");
        }

        @Override
        public String toString() {
            return "TsClientResult[exit=" + exitCode + (timedOut ? " TIMED OUT" : "") + " after "
                    + elapsed.toMillis() + " ms, json=" + json + ", stderr=" + abbreviate(stderr) + ", stdout="
                    + (json == null ? abbreviate(stdout) : "(json)") + "]";
        }
    }

    // ----------------------------------------------------------------------------------- conformance

    /** Runs one server scenario of the conformance suite against {@code url}. */
    public ConformanceResult runConformance(String url, String scenario) {
        return runConformance(url, scenario, defaultTimeout);
    }

    /**
     * Runs {@code conformance server --url URL --scenario NAME -o DIR [extraArgs]} (extraArgs e.g.
     * {@code "--spec-version", "2025-11-25"}).
     *
     * @throws IllegalStateException when the suite did not get to report (timeout, unknown scenario,
     *     crash): there is then no verdict, and a test must not mistake that for "0 failed"
     */
    public ConformanceResult runConformance(String url, String scenario, Duration timeout, String... extraArgs) {
        Path outDir = resultsRoot().resolve(scenario + "-" + Instant.now().toEpochMilli() + "-"
                + RUN_COUNTER.incrementAndGet());
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(node.toString(), conformance.toString(), "server",
                "--url", url, "--scenario", scenario, "-o", outDir.toString()));
        cmd.addAll(Arrays.asList(extraArgs));
        ProcessOutput out = run(timeout, cmd);
        String stdout = ANSI.matcher(out.stdout()).replaceAll("");
        String stderr = ANSI.matcher(out.stderr()).replaceAll("");
        if (out.timedOut()) {
            throw new IllegalStateException("conformance " + scenario + " against " + url + " timed out after "
                    + timeout.toSeconds() + " s (killed); output so far:\n" + stdout + "\nstderr:\n" + stderr);
        }
        Optional<Path> checksFile = findChecksJson(outDir);
        List<Check> checks = checksFile.map(NodeTools::readChecks).orElse(List.of());
        Matcher m = SUMMARY.matcher(stdout);
        if (!m.find()) {
            deleteIfEmpty(outDir);
            throw new IllegalStateException("conformance " + scenario + " against " + url
                    + " produced no verdict (exit " + out.exitCode() + ")\nstdout:\n" + stdout + "\nstderr:\n"
                    + stderr);
        }
        int passed = Integer.parseInt(m.group(1));
        int total = Integer.parseInt(m.group(2));
        int failed = Integer.parseInt(m.group(3));
        int warnings = Integer.parseInt(m.group(4));
        return new ConformanceResult(scenario, url, out.exitCode(), passed, total, failed, warnings, checks,
                stdout, stderr, checksFile.map(Path::getParent).orElse(outDir), out.elapsed());
    }

    /** The npm name of conformance suite 0.2.0-alpha.12 in package.json (an alias beside the pinned 0.1.16). */
    public static final String CONFORMANCE_NEXT = "@modelcontextprotocol/conformance-next";

    /**
     * Runs every scenario a selection holds ({@code extraArgs}, e.g. {@code --spec-version 2025-11-25} or
     * {@code --requirements 2026-07-28}) against {@code url} in ONE Node process of the suite installed
     * under {@code npmPackage} (null: the pinned 0.1.16): far cheaper than a process per scenario. Each
     * scenario's {@code checks.json} lands in {@code <out>/server-<scenario>-<time>/}.
     *
     * @return scenario → its checks
     * @throws IllegalStateException when the run timed out or wrote no checks
     */
    public Map<String, List<Check>> runConformanceSuite(String npmPackage, String url, Duration timeout,
            String... extraArgs) {
        Path entry = npmPackage == null ? conformance
                : dir.resolve("node_modules/" + npmPackage + "/dist/index.js");
        Path outDir = resultsRoot().resolve("suite-" + Instant.now().toEpochMilli() + "-"
                + RUN_COUNTER.incrementAndGet());
        List<String> cmd = new ArrayList<>(List.of(node.toString(), entry.toString(), "server", "--url", url,
                "-o", outDir.toString()));
        cmd.addAll(Arrays.asList(extraArgs));
        ProcessOutput out = run(timeout, cmd);
        Map<String, List<Check>> byScenario = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.exists(outDir) ? Files.list(outDir) : Stream.empty()) {
            for (Path scenarioDir : s.filter(Files::isDirectory).toList()) {
                findChecksJson(scenarioDir).ifPresent(f -> byScenario.put(scenarioOf(scenarioDir), readChecks(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.timedOut() || byScenario.isEmpty()) {
            throw new IllegalStateException("conformance suite against " + url + " gave no verdicts: " + out);
        }
        return byScenario;
    }

    /** {@code server-tools-list-2026-12-01T17-40-01-123Z} → {@code tools-list}. */
    private static String scenarioOf(Path scenarioDir) {
        return scenarioDir.getFileName().toString().replaceFirst("^server-", "")
                .replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
    }

    /** {@code conformance list --server}: the scenario names this suite version knows. */
    public List<String> listServerScenarios() {
        ProcessOutput out = run(defaultTimeout, List.of(node.toString(), conformance.toString(), "list", "--server"));
        if (out.exitCode() != 0) {
            throw new IllegalStateException("conformance list --server failed: " + out);
        }
        Pattern item = Pattern.compile("^\\s*-\\s+(\\S+)");
        return out.stdout().lines().map(item::matcher).filter(Matcher::find).map(x -> x.group(1)).toList();
    }

    private static Path resultsRoot() {
        String prop = System.getProperty(RESULTS_DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target/conformance-results");
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // only tidying up
        }
    }

    private static Optional<Path> findChecksJson(Path outDir) {
        try (Stream<Path> s = Files.walk(outDir)) {
            return s.filter(p -> p.getFileName().toString().equals("checks.json")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Check> readChecks(Path file) {
        try (JsonReader r = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            JsonArray arr = r.readArray();
            List<Check> checks = new ArrayList<>();
            for (JsonValue v : arr) {
                JsonObject o = v.asJsonObject();
                checks.add(new Check(str(o, "id"), str(o, "name"), str(o, "status"), str(o, "description"),
                        str(o, "errorMessage"), o));
            }
            return List.copyOf(checks);
        } catch (IOException | JsonException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /**
     * One check of a scenario. {@code status} is SUCCESS, FAILURE, WARNING or INFO (INFO entries are a
     * trace of the exchange, not verdicts); {@code errorMessage} is set on failures.
     */
    public record Check(String id, String name, String status, String description, String errorMessage,
            JsonObject raw) {

        public boolean isVerdict() {
            return !"INFO".equals(status);
        }

        @Override
        public String toString() {
            return status + " " + id + (errorMessage == null ? "" : " (" + errorMessage + ")");
        }
    }

    /**
     * Verdict of one scenario. {@code passed/total/failed/warnings} are the suite's own summary line
     * ({@code total} counts SUCCESS + FAILURE checks only, so a scenario with only warnings is 0/0).
     * The suite exits 1 when {@code failed > 0}.
     */
    public record ConformanceResult(String scenario, String url, int exitCode, int passed, int total, int failed,
            int warnings, List<Check> checks, String output, String stderr, Path resultsDir, Duration elapsed) {

        /** No failed check (warnings allowed). */
        public boolean ok() {
            return exitCode == 0 && failed == 0;
        }

        public List<Check> failedChecks() {
            return withStatus("FAILURE");
        }

        public List<Check> warningChecks() {
            return withStatus("WARNING");
        }

        public List<Check> withStatus(String status) {
            return checks.stream().filter(c -> status.equals(c.status())).toList();
        }

        /** Status of the (first) check with this id, e.g. {@code localhost-host-rebinding-rejected}. */
        public Optional<String> status(String checkId) {
            return checks.stream().filter(c -> checkId.equals(c.id())).map(Check::status).findFirst();
        }

        /** Verdict checks (no INFO trace entries), as "STATUS id (error)". */
        public List<String> verdicts() {
            return checks.stream().filter(Check::isVerdict).map(Check::toString).toList();
        }

        /** One line for assertion messages. */
        public String summary() {
            return scenario + ": Passed " + passed + "/" + total + ", " + failed + " failed, " + warnings
                    + " warnings " + verdicts() + " (results: " + resultsDir + ")";
        }

        @Override
        public String toString() {
            return "ConformanceResult[" + summary() + ", exit " + exitCode + "]";
        }
    }

    // ----------------------------------------------------------------------------------- processes

    /** Raw outcome of a child process. */
    public record ProcessOutput(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
        @Override
        public String toString() {
            return "exit " + exitCode + (timedOut ? " (TIMED OUT, killed)" : "") + " after " + elapsed.toMillis()
                    + " ms; stdout: " + abbreviate(stdout) + "; stderr: " + abbreviate(stderr);
        }
    }

    /**
     * Runs a command in {@link #dir()} with the Node 22 bin folder first on PATH. The child's stdin is
     * closed at once; stdout and stderr are drained on two threads. On timeout the process and all its
     * descendants are killed; exitCode is then -1.
     */
    public ProcessOutput run(Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "");
        env.put("PATH", node.getParent() + (path.isEmpty() ? "" : File.pathSeparator + path));
        env.put("NO_COLOR", "1");
        env.put("NODE_NO_WARNINGS", "1");
        env.remove("NODE_OPTIONS");
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        Drainer out = new Drainer(p.getInputStream(), "stdout of " + p.pid());
        Drainer err = new Drainer(p.getErrorStream(), "stderr of " + p.pid());
        out.start();
        err.start();
        boolean timedOut = false;
        int exit;
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone
        }
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
            } else {
                timedOut = true;
                kill(p);
                exit = -1;
            }
            out.join(10_000);
            err.join(10_000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        } finally {
            // never leave anything behind, also not children that outlived their parent
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        return new ProcessOutput(exit, out.text(), err.text(), timedOut, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Drainer extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drainer(InputStream in, String name) {
            super(name);
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) != -1) {
                    synchronized (buf) {
                        if (buf.size() < MAX_CAPTURE) {
                            buf.write(chunk, 0, Math.min(n, MAX_CAPTURE - buf.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // stream closed because the process was killed
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }

    // ------------------------------------------------------------------------------------ JSON bits

    private static String str(JsonObject o, String key) {
        if (o == null || !(o.get(key) instanceof JsonString s)) {
            return null;
        }
        return s.getString();
    }

    private static JsonObject obj(JsonObject o, String key) {
        if (o == null || !(o.get(key) instanceof JsonObject v)) {
            return null;
        }
        return v;
    }

    private static List<String> strings(JsonObject o, String key) {
        if (o == null || !(o.get(key) instanceof JsonArray a)) {
            return List.of();
        }
        return a.stream().map(v -> v instanceof JsonString s ? s.getString() : v.toString()).toList();
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 4000 ? t : t.substring(0, 4000) + "...(" + t.length() + " chars)";
    }
}
