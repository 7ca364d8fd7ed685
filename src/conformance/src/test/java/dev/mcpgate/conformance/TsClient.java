package dev.mcpgate.conformance;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TypeScript SDK client of {@code src/node/ts-client.mjs} (a real {@code @modelcontextprotocol/sdk} 1.x
 * client, 2025-11-25) run once against a URL with the pinned Node 22: its one JSON line, or a failure that says
 * what the process printed.
 */
final class TsClient {

    private TsClient() {
    }

    static JsonObject run(String url, String scenario, Duration timeout) {
        Path dir = Path.of(System.getProperty("mcpgate.node.dir", "../node")).toAbsolutePath().normalize();
        Path node = dir.resolve("node_modules/node/bin/node");
        if (!Files.isExecutable(node) || !Files.isRegularFile(dir.resolve("node_modules/@modelcontextprotocol/sdk"
                + "/package.json"))) {
            throw new IllegalStateException("The Node peers are not installed in " + dir + ". Run: cd " + dir
                    + " && npm ci");
        }
        try {
            Path out = Files.createTempFile("ts-client", ".out");
            Path err = Files.createTempFile("ts-client", ".err");
            ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), "ts-client.mjs", url, scenario))
                    .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("PATH", node.getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH",
                    ""));
            pb.environment().remove("NODE_OPTIONS");
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("ts-client timed out after " + timeout + ": " + text(out, err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || !stdout.startsWith("{")) {
                throw new IllegalStateException("ts-client failed (exit " + p.exitValue() + "): " + text(out, err));
            }
            try (JsonReader r = Json.createReader(new StringReader(stdout.lines().reduce((a, b) -> b).orElse("{}")))) {
                return r.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(Path out, Path err) throws IOException {
        return "stdout: " + Files.readString(out, StandardCharsets.UTF_8) + " stderr: "
                + Files.readString(err, StandardCharsets.UTF_8);
    }
}
