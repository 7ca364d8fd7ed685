package dev.mcpgate.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A TypeScript SDK MCP server ({@code src/node/ts-server.mjs}, {@code @modelcontextprotocol/sdk}
 * pinned in {@code src/node/package.json}) run with the pinned Node 22 binary on a free port: the
 * non-Java upstream of the gateway. The Node profile installs {@code src/node} first.
 */
final class TypeScriptUpstream implements AutoCloseable {

    private final Process process;
    private final int port;

    private TypeScriptUpstream(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static TypeScriptUpstream start() {
        Path dir = Path.of(System.getProperty("mcpgate.node.dir", "../src/node")).toAbsolutePath().normalize();
        Path node = dir.resolve("node_modules/node/bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException("no Node binary at " + node + ": run with -Pnode (it runs npm ci in "
                    + dir + ")");
        }
        try {
            Process process = new ProcessBuilder(node.toString(), "ts-server.mjs", "0").directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("LISTENING ")) {
                process.destroyForcibly();
                throw new IllegalStateException("ts-server.mjs did not start: " + line);
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "ts-server-stdout");
            drain.setDaemon(true);
            drain.start();
            return new TypeScriptUpstream(process, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ts-server.mjs did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
