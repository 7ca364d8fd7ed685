package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-pass reader against Jackson on whole messages of every kind (requests, notifications,
 * answers, errors): for every body Jackson reads as an object, the reader must not call it cut
 * short, and every member it reports must be the one Jackson's tree holds — the last of duplicates
 * included. {@link EnvelopeReaderDifferentialTest} damages bodies and checks the method the filter
 * records; this one keeps bodies valid and checks every member, with escapes, non-ASCII text,
 * numbers in every form JSON allows and values to step over whose strings hold brackets and quotes.
 */
class EnvelopeReaderAgreementTest {

    private static final long SEED = Long.getLong("mcpgate.fuzz.seed", 20261202L);
    private static final int CASES = Integer.getInteger("mcpgate.fuzz.cases", 30_000);

    private final JsonMapper jackson = JsonMapper.builder().build();

    @Test
    void everyMemberOfAMessageJacksonReadsIsJacksonsValue() {
        SplittableRandom series = new SplittableRandom(SEED);
        int objects = 0;
        int ambiguous = 0;
        for (int i = 0; i < CASES; i++) {
            long caseSeed = series.nextLong();
            String json = new Generator(new SplittableRandom(caseSeed)).message();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = tree(body);
            if (tree == null || !tree.isObject()) {
                continue;
            }
            objects++;
            JsonRpcEnvelope envelope = EnvelopeReader.read(body);
            ambiguous += envelope.ambiguous() ? 1 : 0;
            String what = "case seed " + caseSeed + ": " + json;
            assertFalse(envelope.truncated(), what);
            assertEquals(expected(tree), describe(envelope), what);
            assertEquals(describe(envelope), describe(EnvelopeReader.read(json)), what);
        }
        assertTrue(objects > CASES * 9 / 10, "the generator writes valid JSON: " + objects);
        assertTrue(ambiguous > CASES / 20 && ambiguous < CASES / 2, "and some duplicates: " + ambiguous);
    }

    private JsonNode tree(byte[] body) {
        try {
            return jackson.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** What the envelope answers, as one line to compare. */
    private static String describe(JsonRpcEnvelope e) {
        String id = e.id() == null || e.idIsString() ? e.id() : number(new java.math.BigDecimal(e.id()));
        return String.join(" | ", String.valueOf(e.kind()), e.jsonrpc(), id, String.valueOf(e.idIsString()),
                e.method(), e.paramsName(), e.paramsUri(), e.paramsCursor(), e.paramsProtocolVersion(),
                e.clientName(), e.clientVersion(), String.valueOf(e.hasMeta()), e.metaClientName(),
                e.metaClientVersion(), e.metaProtocolVersion(), e.metaTraceparent(), e.metaTracestate(),
                String.valueOf(e.resultIsError()), e.resultNextCursor(), e.resultProtocolVersion(), e.resultText(),
                String.valueOf(e.errorCode()), e.errorMessage());
    }

    /** The same line from Jackson's tree, by the rules the reader documents. */
    private static String expected(JsonNode tree) {
        JsonNode params = object(tree.get("params"));
        JsonNode clientInfo = object(params == null ? null : params.get("clientInfo"));
        JsonNode meta = object(params == null ? null : params.get("_meta"));
        JsonNode metaClient = object(meta == null ? null : meta.get("io.modelcontextprotocol/clientInfo"));
        JsonNode result = object(tree.get("result"));
        JsonNode error = object(tree.get("error"));
        JsonNode id = tree.get("id");
        String method = text(tree, "method");
        boolean hasResult = tree.has("result") && !tree.get("result").isNull();
        boolean hasError = tree.has("error") && !tree.get("error").isNull();
        MessageKind kind = method != null ? (tree.has("id") ? MessageKind.REQUEST : MessageKind.NOTIFICATION)
                : hasError ? MessageKind.ERROR : hasResult ? MessageKind.RESPONSE : MessageKind.NOT_JSON_RPC;
        JsonNode code = error == null ? null : error.get("code");
        JsonNode isError = result == null ? null : result.get("isError");
        return String.join(" | ", kind.toString(), text(tree, "jsonrpc"),
                id == null || id.isNull() ? null : id.isString() ? id.stringValue() : id.isNumber() ? number(id.decimalValue()) : null,
                String.valueOf(id != null && id.isString()), method,
                text(params, "name"), text(params, "uri"), text(params, "cursor"), text(params, "protocolVersion"),
                text(clientInfo, "name"), text(clientInfo, "version"), String.valueOf(meta != null),
                text(metaClient, "name"), text(metaClient, "version"),
                text(meta, "io.modelcontextprotocol/protocolVersion"), text(meta, "traceparent"),
                text(meta, "tracestate"), String.valueOf(isError != null && isError.isBoolean() && isError.booleanValue()),
                text(result, "nextCursor"), text(result, "protocolVersion"), firstText(result),
                String.valueOf(code != null && code.isInt() ? Integer.valueOf(code.intValue()) : null),
                text(error, "message"));
    }

    /** A number as a number, however it is written: the reader keeps the literal as sent. */
    private static String number(java.math.BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent == null ? null : parent.get(name);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static String firstText(JsonNode result) {
        JsonNode content = result == null ? null : result.get("content");
        if (content == null || !content.isArray() || content.isEmpty() || !content.get(0).isObject()) {
            return null;
        }
        JsonNode item = content.get(0);
        String text = text(item, "text");
        if (!"text".equals(text(item, "type")) || text == null) {
            return null;
        }
        return text.length() <= EnvelopeReader.MAX_RESULT_TEXT ? text : text.substring(0, EnvelopeReader.MAX_RESULT_TEXT);
    }

    /** One valid JSON-RPC message from one seed. */
    private static final class Generator {
        private final SplittableRandom random;

        Generator(SplittableRandom random) {
            this.random = random;
        }

        String message() {
            List<String[]> members = new ArrayList<>();
            add(members, 0.95, "jsonrpc", () -> str("2.0"));
            add(members, 0.8, "id", this::id);
            switch (random.nextInt(4)) {
                case 0 -> {
                    add(members, 1, "method", () -> str(pick("tools/call", "initialize", "resources/read", "ping")));
                    add(members, 0.9, "params", this::params);
                }
                case 1 -> add(members, 1, "result", this::result);
                case 2 -> add(members, 1, "error", this::error);
                default -> {
                    add(members, 0.5, "result", () -> chance(0.5) ? "null" : result());
                    add(members, 0.5, "error", () -> chance(0.5) ? "null" : error());
                }
            }
            add(members, 0.3, pick("extra", "data", "Method", "params2"), this::padding);
            return space() + object(members) + space();
        }

        private String id() {
            return switch (random.nextInt(5)) {
                case 0 -> str(text());
                case 1 -> Integer.toString(random.nextInt(-5, 100_000));
                case 2 -> pick("0", "-0", "12345678901234567890", "1.5", "-2.5e3", "1E+2", "3e-1");
                case 3 -> pick("null", "true", "{\"a\":1}", "[1,\"]\"]");
                default -> Long.toString(random.nextLong());
            };
        }

        private String params() {
            List<String[]> members = new ArrayList<>();
            add(members, 0.7, "name", () -> chance(0.9) ? str(text()) : pick("1", "null", "[\"n\"]"));
            add(members, 0.2, "uri", () -> str("file:///" + text()));
            add(members, 0.2, "cursor", () -> str(text()));
            add(members, 0.3, "arguments", this::padding);
            add(members, 0.2, "protocolVersion", () -> str(pick("2025-06-18", "2025-11-25")));
            add(members, 0.2, "clientInfo", () -> "{\"name\":" + str(text()) + ",\"version\":" + str("1." + text())
                    + ",\"title\":" + padding() + "}");
            add(members, 0.3, "_meta", this::meta);
            return object(members);
        }

        private String meta() {
            List<String[]> members = new ArrayList<>();
            add(members, 0.5, "io.modelcontextprotocol/clientInfo", () -> "{\"version\":" + str(text()) + ",\"name\":"
                    + str(text()) + "}");
            add(members, 0.5, "io.modelcontextprotocol/protocolVersion", () -> str("2026-07-28"));
            add(members, 0.3, "traceparent", () -> str("00-" + text() + "-01"));
            add(members, 0.2, "tracestate", () -> str(text()));
            add(members, 0.3, "progressToken", this::padding);
            return object(members);
        }

        private String result() {
            List<String[]> members = new ArrayList<>();
            add(members, 0.6, "content", this::content);
            add(members, 0.4, "isError", () -> pick("true", "false", "\"true\"", "1", "null"));
            add(members, 0.2, "nextCursor", () -> str(text()));
            add(members, 0.2, "protocolVersion", () -> str("2025-06-18"));
            add(members, 0.3, "tools", this::padding);
            return chance(0.05) ? pick("[]", "\"ok\"", "7") : object(members);
        }

        private String content() {
            StringBuilder items = new StringBuilder("[");
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String type = chance(0.8) ? str("text") : str(pick("image", "resource"));
                String text = chance(0.1) ? str("x".repeat(500 + random.nextInt(100)) + text()) : str(text());
                items.append(i == 0 ? "" : ",").append(chance(0.1) ? padding()
                        : chance(0.5) ? "{\"type\":" + type + ",\"text\":" + text + "}"
                        : "{\"annotations\":" + padding() + ",\"text\":" + text + ",\"type\":" + type + "}");
            }
            return items.append(']').toString();
        }

        private String error() {
            List<String[]> members = new ArrayList<>();
            add(members, 0.9, "code", () -> pick("-32601", "-32602", "0", "2147483647", "-2147483648", "2147483648",
                    "1.0", "-32600e0", "\"-32601\""));
            add(members, 0.8, "message", () -> str(text()));
            add(members, 0.3, "data", this::padding);
            return object(members);
        }

        /** A value the reader steps over, with strings that look like structure. */
        private String padding() {
            return switch (random.nextInt(5)) {
                case 0 -> "{\"method\":\"tools/list\",\"s\":\"}]\\\"{[\\\\\",\"n\":[1,-2.5e-3,true,false,null,{}]}";
                case 1 -> str(text() + "\"}]" + text());
                case 2 -> "[" + "[{\"a\":[]}],".repeat(random.nextInt(30)) + "\"\\u005d\"]";
                case 3 -> pick("-0.0", "1e400", "true", "null", "\"\"");
                default -> "{\"name\":\"decoy\",\"params\":{\"name\":\"decoy\"},\"t\":" + str("x".repeat(random.nextInt(700))) + "}";
            };
        }

        /** Adds member {@code name} with chance {@code p}, and sometimes once more (a duplicate). */
        private void add(List<String[]> members, double p, String name, java.util.function.Supplier<String> value) {
            if (!chance(p)) {
                return;
            }
            members.add(new String[] {name, value.get()});
            if (chance(0.04)) {
                members.add(random.nextInt(members.size() + 1), new String[] {name, value.get()});
            }
            if (chance(0.2)) {
                int j = random.nextInt(members.size());
                members.add(j, members.remove(members.size() - 1));
            }
        }

        private String object(List<String[]> members) {
            StringBuilder json = new StringBuilder("{").append(space());
            for (int i = 0; i < members.size(); i++) {
                json.append(i == 0 ? "" : "," + space()).append(key(members.get(i)[0])).append(space()).append(':')
                        .append(space()).append(members.get(i)[1]);
            }
            return json.append(space()).append('}').toString();
        }

        /** A member name, sometimes with its characters written as escapes. */
        private String key(String name) {
            if (!chance(0.05)) {
                return str(name);
            }
            StringBuilder key = new StringBuilder("\"");
            for (char c : name.toCharArray()) {
                key.append(chance(0.3) ? String.format("\\u%04X", (int) c) : c == '/' ? "\\/" : String.valueOf(c));
            }
            return key.append('"').toString();
        }

        /** Text with what strings may hold: non-ASCII, a surrogate pair, quotes, control characters. */
        private String text() {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(pick("a", "Z", "0", " ", "/", "\"", "\\", "\n", "\t", "\u0001", "\u00e9", "\u5929",
                        "\uD83D\uDE00", "{", "]", "\u2028", ":"));
            }
            return text.toString();
        }

        /** A JSON string of {@code text}: specials escaped, each sometimes as a Unicode escape. */
        private String str(String text) {
            StringBuilder s = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\' || c < 0x20 || (c > 0x7F && chance(0.1)) || (c == '/' && chance(0.2))) {
                    s.append(switch (c) {
                        case '"' -> "\\\"";
                        case '\\' -> "\\\\";
                        case '\n' -> chance(0.5) ? "\\n" : "\\u000a";
                        case '\t' -> "\\t";
                        case '/' -> "\\/";
                        default -> String.format("\\u%04x", (int) c);
                    });
                } else {
                    s.append(c);
                }
            }
            return s.append('"').toString();
        }

        private String space() {
            return chance(0.1) ? pick(" ", "\n", "\r\n\t", "  ") : "";
        }

        private boolean chance(double p) {
            return random.nextDouble() < p;
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }
}
