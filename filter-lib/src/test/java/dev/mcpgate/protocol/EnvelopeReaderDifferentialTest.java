package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10, item 5: the envelope reader against the parsers MCP servers use, on mutated JSON-RPC
 * bodies — duplicated members at every level the reader reads, escapes in names and values, deep
 * nesting around Jackson's and the reader's depth limits, padding that the skip plan hides,
 * reordering, wrong types, content after the message, truncation, invalid UTF-8, stray bytes.
 *
 * <p>The property: whenever Jackson (3, defaults: the last duplicate wins) reads a body as an
 * object whose {@code method} is M, what the filter records for it is M — or {@code ambiguous}, or
 * {@code unverified} — never another method; and when it records a method, the target
 * ({@code params.name}, {@code params.uri}) is Jackson's too. The same against the MCP Java SDK's
 * own message decoding ({@link McpSchema#deserializeJsonRpcMessage}), which is what the SDK server
 * runs (on every fourth case: it costs as much as the rest together). "Records" follows {@code ExchangeObserver}: an {@linkplain JsonRpcEnvelope#ambiguous()
 * ambiguous} envelope is {@code ambiguous}, one that is not {@linkplain JsonRpcEnvelope#complete()
 * complete} is {@code unverified}, else its method.
 *
 * <p>Seeded: each case has its own seed, printed with the body on failure; replay one with
 * {@code -Dmcpgate.fuzz.case=<seed>}, run another series with {@code -Dmcpgate.fuzz.seed=<n>} and
 * {@code -Dmcpgate.fuzz.cases=<n>}.
 */
class EnvelopeReaderDifferentialTest {

    private static final long SEED = Long.getLong("mcpgate.fuzz.seed", 20261201L);
    private static final int CASES = Integer.getInteger("mcpgate.fuzz.cases", 120_000);
    /** The SDK's decoding costs as much as the rest together: it checks every fourth case. */
    private static final int SDK_EVERY = 4;
    private static final String AMBIGUOUS = "<ambiguous>";
    private static final String UNVERIFIED = "<unverified>";
    /** An id Jackson reads as a number other than an integer: written differently, not compared. */
    private static final String NOT_COMPARED = "<not compared>";

    private static final String[] METHODS = {"tools/call", "tools/list", "initialize", "prompts/get",
        "resources/read", "resources/list", "ping", "notifications/initialized", "server/discover", "x"};
    private static final String[] META_KEYS = {"io.modelcontextprotocol/clientInfo",
        "io.modelcontextprotocol/protocolVersion", "progressToken"};

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final JsonMapper jackson = JsonMapper.builder().build();
    private final McpJsonMapper sdk = McpJsonDefaults.getMapper();

    @Test
    void theReaderNeverReportsAnotherMethodThanJacksonOrTheSdk() {
        String replay = System.getProperty("mcpgate.fuzz.case");
        long started = System.nanoTime();
        long cpuStarted = CPU.getCurrentThreadCpuTime();
        Stats stats = new Stats();
        if (replay != null) {
            check(Long.parseLong(replay), stats);
        } else {
            SplittableRandom series = new SplittableRandom(SEED);
            for (int i = 0; i < CASES; i++) {
                check(series.nextLong(), stats);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
        System.out.printf("EnvelopeReaderDifferentialTest: %d cases (seed %d) in %d ms (%d ms CPU): Jackson read an object in"
                + " %d (%d with a method); the reader recorded the method in %d, ambiguous %d, unverified %d;"
                + " the SDK decoded %d (%d with a method that is no string); time in the reader %d ms, Jackson"
                + " %d ms, the SDK %d ms%n", stats.cases, SEED, millis, cpuMillis,
                stats.jacksonObjects, stats.jacksonMethods, stats.agreed, stats.ambiguous, stats.unverified,
                stats.sdkMessages, stats.coerced, stats.readerNanos / 1_000_000, stats.jacksonNanos / 1_000_000,
                stats.sdkNanos / 1_000_000);
        if (replay == null) {
            assertTrue(stats.ambiguous > CASES / 20, "the generator makes duplicates: " + stats.ambiguous);
            assertTrue(stats.agreed > CASES / 10, "and plain messages: " + stats.agreed);
            assertTrue(stats.unverified > CASES / 20, "and cut or too deep ones: " + stats.unverified);
        }
    }

    private void check(long caseSeed, Stats stats) {
        byte[] body = new Generator(new SplittableRandom(caseSeed)).body();
        stats.cases++;
        long t0 = System.nanoTime();
        JsonRpcEnvelope envelope = EnvelopeReader.read(body);
        stats.readerNanos += System.nanoTime() - t0;
        String recorded = envelope.ambiguous() ? AMBIGUOUS : envelope.complete() ? envelope.method() : UNVERIFIED;
        if (recorded == AMBIGUOUS) {
            stats.ambiguous++;
        } else if (recorded == UNVERIFIED) {
            stats.unverified++;
        }
        long t1 = System.nanoTime();
        JsonNode tree = jacksonTree(body);
        stats.jacksonNanos += System.nanoTime() - t1;
        if (tree != null && tree.isObject()) {
            stats.jacksonObjects++;
            String method = text(tree.get("method"));
            if (method != null) {
                stats.jacksonMethods++;
            }
            if (recorded != AMBIGUOUS && recorded != UNVERIFIED) {
                stats.agreed++;
                JsonNode params = tree.get("params");
                String name = params != null && params.isObject() ? text(params.get("name")) : null;
                String uri = params != null && params.isObject() ? text(params.get("uri")) : null;
                expect(caseSeed, body, envelope, "method", method, recorded);
                expect(caseSeed, body, envelope, "params.name", name, envelope.paramsName());
                expect(caseSeed, body, envelope, "params.uri", uri, envelope.paramsUri());
                String id = idText(tree.get("id"));
                if (id != NOT_COMPARED) {
                    expect(caseSeed, body, envelope, "id", id, envelope.id());
                }
            }
        }
        if (stats.cases % SDK_EVERY != 0) {
            return;
        }
        long t2 = System.nanoTime();
        String sdkMethod = sdkMethod(body);
        stats.sdkNanos += System.nanoTime() - t2;
        if (sdkMethod != null) {
            stats.sdkMessages++;
            JsonNode sdkTree = jacksonTree(new String(body, StandardCharsets.UTF_8)); // the text the SDK reads
            JsonNode methodNode = sdkTree == null || !sdkTree.isObject() ? null : sdkTree.get("method");
            if (methodNode != null && !methodNode.isString()) {
                // the SDK coerces a number or boolean to a method name ("5"): no method the reader
                // could name, JSON-RPC allows only strings, and the server answers "method not found"
                stats.coerced++;
            } else if (recorded != AMBIGUOUS && recorded != UNVERIFIED) {
                expect(caseSeed, body, envelope, "the SDK's method", sdkMethod, recorded);
            }
        }
    }

    private JsonNode jacksonTree(byte[] body) {
        try {
            return jackson.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode jacksonTree(String body) {
        try {
            return jackson.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The method of the message the SDK server decodes from the body (read as text, as its servlet does). */
    private String sdkMethod(byte[] body) {
        try {
            McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(sdk,
                    new String(body, StandardCharsets.UTF_8));
            if (message instanceof McpSchema.JSONRPCRequest request) {
                return request.method();
            }
            if (message instanceof McpSchema.JSONRPCNotification notification) {
                return notification.method();
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** The id as the reader keeps it: a string as is, a number as written (for the integers generated). */
    private static String idText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        return node.isIntegralNumber() ? node.asString() : NOT_COMPARED;
    }

    private static void expect(long caseSeed, byte[] body, JsonRpcEnvelope envelope, String what, String expected,
            String actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError("case seed " + caseSeed + " (replay: -Dmcpgate.fuzz.case=" + caseSeed + "): "
                    + what + " is " + expected + " for Jackson but the reader recorded " + actual + " (" + envelope
                    + ")\nbody: " + printable(body));
        }
    }

    private static String printable(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String shown = text.length() > 2000 ? text.substring(0, 2000) + "…(" + text.length() + " chars)" : text;
        return shown + "\nhex of the first 200 bytes: "
                + HexFormat.of().formatHex(body, 0, Math.min(200, body.length));
    }

    private static final class Stats {
        int cases;
        int jacksonObjects;
        int jacksonMethods;
        int agreed;
        int ambiguous;
        int unverified;
        int sdkMessages;
        int coerced;
        long readerNanos;
        long jacksonNanos;
        long sdkNanos;
    }

    /** One mutated JSON-RPC body from one seed. */
    private static final class Generator {
        private final SplittableRandom random;

        Generator(SplittableRandom random) {
            this.random = random;
        }

        byte[] body() {
            List<String[]> members = message();
            StringBuilder json = new StringBuilder();
            if (chance(0.03)) {
                json.append('\uFEFF');
            }
            json.append(space()).append(object(members));
            if (chance(0.04)) {
                json.append(space()).append(chance(0.5) ? object(message()) : "garbage");
            }
            json.append(space());
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            return bytes(bytes);
        }

        /** A request or notification whose members may be duplicated, reordered, escaped or retyped. */
        private List<String[]> message() {
            List<String[]> members = new ArrayList<>();
            members.add(member("jsonrpc", chance(0.95) ? str("2.0") : "2"));
            if (chance(0.85)) {
                members.add(member("id", chance(0.5) ? Integer.toString(random.nextInt(1000)) : str("r-" + random.nextInt(99))));
            }
            members.add(member("method", methodValue()));
            if (chance(0.9)) {
                members.add(member("params", params()));
            }
            int duplicates = chance(0.15) ? 1 + random.nextInt(2) : 0;
            for (int i = 0; i < duplicates; i++) {
                String[] original = members.get(random.nextInt(members.size()));
                String value = switch (original[0]) {
                    case "method" -> methodValue();
                    case "params" -> params();
                    case "id" -> Integer.toString(random.nextInt(1000));
                    default -> str("2.0");
                };
                members.add(random.nextInt(members.size() + 1), member(original[0], value));
            }
            if (chance(0.35)) {
                members.add(random.nextInt(members.size() + 1), member(pick("pad", "result", "extra", "Method"), padding()));
            }
            if (chance(0.3)) {
                shuffle(members);
            }
            return members;
        }

        private String methodValue() {
            if (chance(0.04)) {
                return pick("null", "5", "{}", "[\"tools/call\"]");
            }
            return str(METHODS[random.nextInt(METHODS.length)]);
        }

        private String params() {
            if (chance(0.04)) {
                return pick("null", "[]", "\"tools/call\"", "7");
            }
            List<String[]> members = new ArrayList<>();
            if (chance(0.7)) {
                members.add(member("name", chance(0.95) ? str(pick("echo", "delete_all", "caf\u00e9", "\u5929\u6c14",
                        "a\"b", "a\\\\b", "x\u0000y")) : "{\"n\":1}"));
            }
            if (chance(0.3)) {
                members.add(member("uri", str(pick("file:///a.txt", "x:1", "https://h/p?q=1"))));
            }
            if (chance(0.2)) {
                members.add(member("cursor", str("c" + random.nextInt(9))));
            }
            if (chance(0.3)) {
                members.add(member("arguments", chance(0.5) ? padding()
                        : "{\"method\":\"tools/list\",\"name\":\"decoy\",\"params\":{\"name\":\"decoy\"}}"));
            }
            if (chance(0.2)) {
                members.add(member("clientInfo", "{\"name\":" + str(pick("claude-ai", "cursor")) + ",\"version\":\"1\"}"));
            }
            if (chance(0.2)) {
                members.add(member("protocolVersion", str(pick("2025-06-18", "2025-03-26"))));
            }
            if (chance(0.25)) {
                StringBuilder meta = new StringBuilder("{");
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    String key = META_KEYS[random.nextInt(META_KEYS.length)];
                    String value = key.endsWith("clientInfo") ? "{\"name\":\"m\",\"version\":\"2\"}" : str("2026-07-28");
                    meta.append(i == 0 ? "" : ",").append(str(key)).append(':').append(value);
                }
                members.add(member("_meta", meta.append('}').toString()));
            }
            if (!members.isEmpty() && chance(0.12)) {
                String[] original = members.get(random.nextInt(members.size()));
                String value = original[0].equals("name") ? str("delete_all") : original[1];
                members.add(random.nextInt(members.size() + 1), member(original[0], value));
            }
            if (chance(0.2)) {
                shuffle(members);
            }
            return object(members);
        }

        /** A value to step over: deep nesting (around both depth limits), a long string, a wide array. */
        private String padding() {
            return switch (random.nextInt(4)) {
                case 0 -> {
                    int depth = chance(0.8) ? 1 + random.nextInt(40) : 480 + random.nextInt(60);
                    boolean objects = chance(0.5);
                    String open = objects ? "{\"a\":" : "[";
                    String close = objects ? "}" : "]";
                    yield open.repeat(depth) + "1" + close.repeat(depth);
                }
                case 1 -> str("p".repeat(random.nextInt(1200)));
                case 2 -> "[" + "{\"method\":\"tools/call\",\"id\":1},".repeat(random.nextInt(40)) + "null]";
                default -> "{\"params\":{\"name\":\"inner\"},\"method\":\"inner\"}";
            };
        }

        private String[] member(String name, String value) {
            return new String[] {name, value};
        }

        private String object(List<String[]> members) {
            StringBuilder json = new StringBuilder("{").append(space());
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    json.append(',').append(space());
                }
                json.append(key(members.get(i)[0])).append(space()).append(':').append(space()).append(members.get(i)[1]);
            }
            return json.append(space()).append('}').toString();
        }

        /** A member name, sometimes with characters written as escapes ({@code "meth\u006fd"}). */
        private String key(String name) {
            if (!chance(0.08)) {
                return str(name);
            }
            StringBuilder key = new StringBuilder("\"");
            for (char c : name.toCharArray()) {
                if (chance(0.3)) {
                    key.append(String.format("\\u%04x", (int) c));
                } else if (c == '/' && chance(0.5)) {
                    key.append("\\/");
                } else {
                    key.append(c);
                }
            }
            return key.append('"').toString();
        }

        /** A JSON string of {@code text}, with its specials escaped, and sometimes a {@code \/}. */
        private String str(String text) {
            StringBuilder s = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\u0000' -> s.append("\\u0000");
                    case '/' -> s.append(chance(0.1) ? "\\/" : "/");
                    default -> s.append(c);
                }
            }
            return s.append('"').toString();
        }

        /** Byte-level damage: a cut, invalid UTF-8, a stray JSON character. */
        private byte[] bytes(byte[] bytes) {
            byte[] result = bytes;
            if (chance(0.12)) {
                result = java.util.Arrays.copyOf(result, random.nextInt(result.length + 1));
            }
            if (chance(0.08) && result.length > 0) {
                result[random.nextInt(result.length)] = (byte) (0x80 + random.nextInt(0x80));
            }
            if (chance(0.08) && result.length > 0) {
                byte[] alphabet = "{}[]\":,\\ 0123456789.eE+-tfnul".getBytes(StandardCharsets.US_ASCII);
                result[random.nextInt(result.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            return result;
        }

        private String space() {
            return chance(0.1) ? pick(" ", "\n", "\r\n\t", "  ") : "";
        }

        private void shuffle(List<String[]> members) {
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                String[] t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
        }

        private boolean chance(double p) {
            return random.nextDouble() < p;
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }
}
