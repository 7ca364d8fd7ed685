package dev.mcpgate.protocol;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the {@link JsonRpcEnvelope} of one JSON-RPC message with the JSON-P streaming parser.
 *
 * <p>It looks only at the members the filter records and steps over everything else (tool
 * arguments, result contents, tool lists) without building a value, so the cost of a large body
 * is the cost of tokenising it. It reads the top-level object to its closing brace, even once it
 * has every member it wants: only then does it know that no member comes twice.
 *
 * <p><b>Duplicate members.</b> JSON leaves duplicate names undefined, and parsers disagree: Jackson,
 * {@code JSON.parse}, Python and Go keep the <em>last</em> value, which is what the MCP server
 * behind the filter acts on. A message that names a member the reader extracts twice in the same
 * object ({@code jsonrpc}, {@code id}, {@code method}, {@code params}, {@code result},
 * {@code error}; in {@code params}: {@code name}, {@code uri}, {@code cursor},
 * {@code protocolVersion}, {@code clientInfo}, {@code _meta}; and the members read inside those, but
 * for the trace context {@code _meta.traceparent} and {@code _meta.tracestate}, which change nothing
 * the server runs) is {@linkplain JsonRpcEnvelope#ambiguous() ambiguous}, and so is one with content
 * after its top-level object. The values reported are the last ones, as those parsers read them; the
 * caller should not trust them (a request recorded as {@code tools/list} must not be one the
 * server runs as {@code tools/call}).
 *
 * <p>It never throws because of the bytes: whatever they are (empty, cut short at a capture limit,
 * binary, nested ten thousand levels deep) the answer is an envelope whose {@link MessageKind}
 * says what was found, with {@link JsonRpcEnvelope#truncated()} set when reading stopped before the
 * top-level object closed (and so before the reader could know that no duplicate follows).
 *
 * <p>Stepping over a value uses {@link JsonParser#skipObject()} and {@link JsonParser#skipArray()}
 * only when a scan of the raw text has shown that every bracket opened is closed again. In Parsson
 * (up to at least 1.1.7) these methods loop forever when the input ends inside the skipped value
 * (eclipse-ee4j/parsson#23), and a body cut at the capture limit ends exactly there. Otherwise
 * the reader steps over the value event by event, counting nesting, and gives up at
 * {@value #MAX_SKIP_DEPTH} levels, below Parsson's own limit of 1000. The first way is the
 * fast one: Parsson's skip allocates nothing, while each container entered with
 * {@link JsonParser#next()} costs an object.
 *
 * <p>Before the parser sees a message of {@value #MIN_PLANNED} bytes or more, a byte scan
 * ({@link SkipPlan}) finds the closed objects and arrays that would be stepped over anyway (the
 * tools of a {@code tools/list} answer, a call's arguments, content items after the first) and
 * the reader hides their insides: the parser sees <code>{}</code> or {@code []}, so a large body
 * costs a bracket count rather than its tokenising. Values cut short or nested too deeply are not
 * hidden, and reach the parser as before.
 *
 * <p>The parser reads the bytes through a reader that decodes UTF-8 straight into the parser's
 * buffer, not through an {@code InputStreamReader}, whose own 8 KiB buffer would be most of the
 * allocation for a short message.
 */
public final class EnvelopeReader {

    private static final Logger LOG = System.getLogger(EnvelopeReader.class.getName());

    /** The deepest nesting stepped over inside an unwanted value; deeper input counts as truncated. */
    static final int MAX_SKIP_DEPTH = 500;

    /**
     * Messages from this many bytes on are first scanned for values to hide from the parser
     * ({@link SkipPlan}); below it the scan costs about what it saves.
     */
    static final int MIN_PLANNED = Integer.getInteger("dev.mcpgate.protocol.minPlanned", 512);
    private static final int[] NO_RANGES = new int[0];
    private static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    private static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** The W3C trace context keys the 2026-07-28 revision reserves in {@code _meta} (no prefix). */
    private static final String META_TRACEPARENT = "traceparent";
    private static final String META_TRACESTATE = "tracestate";
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** Most characters of {@link JsonRpcEnvelope#resultText()} kept. */
    public static final int MAX_RESULT_TEXT = 512;

    private EnvelopeReader() {
    }

    /** Reads a whole array; {@code null} reads as {@link JsonRpcEnvelope#EMPTY}. */
    public static JsonRpcEnvelope read(byte[] bytes) {
        return bytes == null ? JsonRpcEnvelope.EMPTY : read(bytes, 0, bytes.length);
    }

    /**
     * Reads the envelope of the JSON text in {@code bytes[offset, offset + length)}, UTF-8 with or
     * without a byte order mark.
     *
     * @return the envelope, never {@code null}
     * @throws IndexOutOfBoundsException when offset and length do not lie inside the array: a bug in
     *                                   the caller, never a property of the bytes
     */
    public static JsonRpcEnvelope read(byte[] bytes, int offset, int length) {
        return read(bytes, offset, length, length >= MIN_PLANNED);
    }

    /** As {@link #read(byte[], int, int)}; {@code plan} says whether to hide skipped values first. */
    static JsonRpcEnvelope read(byte[] bytes, int offset, int length, boolean plan) {
        if (bytes == null) {
            return JsonRpcEnvelope.EMPTY;
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int start = skipWhitespace(bytes, skipByteOrderMark(bytes, offset, end), end);
        if (start == end) {
            return JsonRpcEnvelope.EMPTY;
        }
        return switch (bytes[start]) {
            case '{' -> {
                int[] hidden = plan ? SkipPlan.ranges(bytes, start, end) : NO_RANGES;
                yield readObject(new Utf8ArrayReader(bytes, start, end - start, hidden),
                        Brackets.allClosed(bytes, start, end, hidden));
            }
            case '[' -> JsonRpcEnvelope.BATCH;
            default -> JsonRpcEnvelope.NOT_JSON;
        };
    }

    /**
     * Reads the envelope of JSON text that is already a string, such as the data of a server-sent
     * event, without encoding it back to bytes. Answers as {@link #read(byte[], int, int)} does.
     */
    public static JsonRpcEnvelope read(String json) {
        if (json == null) {
            return JsonRpcEnvelope.EMPTY;
        }
        int start = skipWhitespace(json, json.startsWith(BYTE_ORDER_MARK) ? 1 : 0);
        if (start == json.length()) {
            return JsonRpcEnvelope.EMPTY;
        }
        return switch (json.charAt(start)) {
            case '{' -> readObject(stringReader(json, start), Brackets.allClosed(json, start));
            case '[' -> JsonRpcEnvelope.BATCH;
            default -> JsonRpcEnvelope.NOT_JSON;
        };
    }

    /**
     * Parses the object that the reader starts with.
     *
     * @param allClosed whether every bracket in the text is closed, so that Parsson's skip methods
     *                  are safe to use
     */
    private static JsonRpcEnvelope readObject(Reader text, boolean allClosed) {
        JsonParserFactory factory = ParserFactory.INSTANCE;
        if (factory == null) {
            return JsonRpcEnvelope.NOT_JSON;
        }
        JsonRpcEnvelope.Fields fields = new JsonRpcEnvelope.Fields();
        JsonParser parser = null;
        try {
            parser = factory.createParser(text);
            parser.next(); // START_OBJECT: the first character is '{'
            new Walk(parser, fields, allClosed).message();
            if (hasTrailingContent(parser)) {
                fields.ambiguity = "content after the message";
            }
        } catch (RuntimeException | StackOverflowError e) {
            // JsonParsingException, the end of the bytes, a provider's nesting limit, our own
            fields.truncated = true;
        } finally {
            closeQuietly(parser);
        }
        if (fields.truncated && !fields.sawJsonRpcMember()) {
            return JsonRpcEnvelope.NOT_JSON_CUT;
        }
        return new JsonRpcEnvelope(fields.kind(), fields);
    }

    /**
     * Whether anything but whitespace follows the top-level object: a second message, which a
     * lenient parser might act on instead of the first.
     */
    private static boolean hasTrailingContent(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (RuntimeException e) {
            return true; // Parsson throws on a token where it expects the end of the text
        }
    }

    private static Reader stringReader(String json, int start) {
        StringReader reader = new StringReader(json);
        try {
            reader.skip(start);
        } catch (IOException e) {
            throw new IllegalStateException("a StringReader cannot fail", e);
        }
        return reader;
    }

    private static int skipByteOrderMark(byte[] bytes, int start, int end) {
        boolean bom = end - start >= 3
                && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB && bytes[start + 2] == (byte) 0xBF;
        return bom ? start + 3 : start;
    }

    /** The index of the first byte that is not JSON whitespace, or {@code end}. */
    private static int skipWhitespace(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end && isJsonWhitespace(bytes[i])) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String text, int start) {
        int i = start;
        while (i < text.length() && isJsonWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isJsonWhitespace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (RuntimeException e) {
            // the input is an in-memory array: nothing to release
        }
    }

    /**
     * {@code error.code} as an {@code int}, or {@code null} when the number is not an integer that
     * fits. Parsed from the literal text so that a hostile exponent never reaches
     * {@link java.math.BigDecimal}.
     */
    static Integer parseInt(String literal) {
        int length = literal.length();
        boolean negative = length > 0 && literal.charAt(0) == '-';
        int first = negative ? 1 : 0;
        if (length == first || length - first > 10) {
            return null;
        }
        long value = 0;
        for (int i = first; i < length; i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        value = negative ? -value : value;
        return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : (int) value;
    }

    /** One pass over one message, filling the fields it finds. */
    private static final class Walk {

        private final JsonParser parser;
        private final JsonRpcEnvelope.Fields fields;
        private final boolean allClosed;

        Walk(JsonParser parser, JsonRpcEnvelope.Fields fields, boolean allClosed) {
            this.parser = parser;
            this.fields = fields;
            this.allClosed = allClosed;
        }

        /**
         * Reads the members of the top-level object, which the parser has just opened, to its end.
         * A member read again replaces what the first one gave (the last wins, as in Jackson).
         */
        void message() {
            int seen = 0;
            while (nextKey()) {
                String name = parser.getString();
                switch (name) {
                    case "jsonrpc" -> {
                        seen = once(seen, 1, name);
                        fields.jsonrpc = stringValue();
                    }
                    case "id" -> {
                        seen = once(seen, 2, name);
                        id();
                    }
                    case "method" -> {
                        seen = once(seen, 4, name);
                        fields.method = stringValue();
                    }
                    case "params" -> {
                        seen = once(seen, 8, name);
                        params();
                    }
                    case "result" -> {
                        seen = once(seen, 16, name);
                        result();
                    }
                    case "error" -> {
                        seen = once(seen, 32, name);
                        error();
                    }
                    default -> skipValue();
                }
            }
        }

        /**
         * Notes that the member {@code name}, whose bit in its object is {@code bit}, was read;
         * a second reading makes the message ambiguous (the first such member is named).
         */
        private int once(int seen, int bit, String name) {
            if ((seen & bit) != 0 && fields.ambiguity == null) {
                fields.ambiguity = "duplicate member \"" + name + "\"";
            }
            return seen | bit;
        }

        private void id() {
            fields.hasId = true;
            fields.id = null;
            fields.idIsString = false;
            Event event = parser.next();
            if (event == Event.VALUE_STRING) {
                fields.id = parser.getString();
                fields.idIsString = true;
            } else if (event == Event.VALUE_NUMBER) {
                fields.id = parser.getString(); // the literal as written, never converted
            } else {
                skip(event);
            }
        }

        private void params() {
            fields.hasParams = true;
            fields.clearParams();
            if (!objectValue()) {
                return;
            }
            int seen = 0;
            while (nextKey()) {
                String name = parser.getString();
                switch (name) {
                    case "name" -> {
                        seen = once(seen, 1, "params.name");
                        fields.paramsName = stringValue();
                    }
                    case "uri" -> {
                        seen = once(seen, 2, "params.uri");
                        fields.paramsUri = stringValue();
                    }
                    case "cursor" -> {
                        seen = once(seen, 4, "params.cursor");
                        fields.paramsCursor = stringValue();
                    }
                    case "protocolVersion" -> {
                        seen = once(seen, 8, "params.protocolVersion");
                        fields.paramsProtocolVersion = stringValue();
                    }
                    case "clientInfo" -> {
                        seen = once(seen, 16, "params.clientInfo");
                        clientInfo();
                    }
                    case "_meta" -> {
                        seen = once(seen, 32, "params._meta");
                        meta();
                    }
                    default -> skipValue();
                }
            }
        }

        private void clientInfo() {
            fields.clientName = null;
            fields.clientVersion = null;
            if (!objectValue()) {
                return;
            }
            int seen = 0;
            while (nextKey()) {
                switch (parser.getString()) {
                    case "name" -> {
                        seen = once(seen, 1, "params.clientInfo.name");
                        fields.clientName = stringValue();
                    }
                    case "version" -> {
                        seen = once(seen, 2, "params.clientInfo.version");
                        fields.clientVersion = stringValue();
                    }
                    default -> skipValue();
                }
            }
        }

        private void meta() {
            fields.clearMeta();
            if (!objectValue()) {
                return;
            }
            fields.hasMeta = true;
            int seen = 0;
            while (nextKey()) {
                switch (parser.getString()) {
                    case META_CLIENT_INFO -> {
                        seen = once(seen, 1, "params._meta." + META_CLIENT_INFO);
                        metaClientInfo();
                    }
                    case META_PROTOCOL_VERSION -> {
                        seen = once(seen, 2, "params._meta." + META_PROTOCOL_VERSION);
                        fields.metaProtocolVersion = stringValue();
                    }
                    // the last of duplicates, without ambiguity: the trace context changes nothing the server runs
                    case META_TRACEPARENT -> fields.metaTraceparent = stringValue();
                    case META_TRACESTATE -> fields.metaTracestate = stringValue();
                    default -> skipValue();
                }
            }
        }

        private void metaClientInfo() {
            fields.metaClientName = null;
            fields.metaClientVersion = null;
            if (!objectValue()) {
                return;
            }
            int seen = 0;
            while (nextKey()) {
                switch (parser.getString()) {
                    case "name" -> {
                        seen = once(seen, 1, "params._meta.clientInfo.name");
                        fields.metaClientName = stringValue();
                    }
                    case "version" -> {
                        seen = once(seen, 2, "params._meta.clientInfo.version");
                        fields.metaClientVersion = stringValue();
                    }
                    default -> skipValue();
                }
            }
        }

        /** A {@code null} result counts as absent: some peers send it beside an error. */
        private void result() {
            fields.clearResult();
            Event event = parser.next();
            fields.hasResult = event != Event.VALUE_NULL;
            if (event != Event.START_OBJECT) {
                skip(event);
                return;
            }
            int seen = 0;
            while (nextKey()) {
                switch (parser.getString()) {
                    case "isError" -> {
                        seen = once(seen, 1, "result.isError");
                        fields.resultIsError = isTrue();
                    }
                    case "nextCursor" -> {
                        seen = once(seen, 2, "result.nextCursor");
                        fields.resultNextCursor = stringValue();
                    }
                    case "protocolVersion" -> {
                        seen = once(seen, 4, "result.protocolVersion");
                        fields.resultProtocolVersion = stringValue();
                    }
                    case "content" -> {
                        seen = once(seen, 8, "result.content");
                        fields.resultText = null;
                        firstContentText();
                    }
                    default -> skipValue();
                }
            }
        }

        /**
         * Keeps the text of the first content item when it is a text item. Read whatever
         * {@code isError} will say, because servers write {@code content} before it.
         */
        private void firstContentText() {
            Event event = parser.next();
            if (event != Event.START_ARRAY) {
                skip(event);
                return;
            }
            event = parser.next();
            if (event == Event.START_OBJECT) {
                String type = null;
                String text = null;
                while (nextKey()) {
                    switch (parser.getString()) {
                        case "type" -> type = stringValue();
                        case "text" -> text = stringValue();
                        default -> skipValue();
                    }
                }
                if ("text".equals(type) && text != null) {
                    fields.resultText = text.length() <= MAX_RESULT_TEXT ? text : text.substring(0, MAX_RESULT_TEXT);
                }
                event = parser.next();
            }
            while (event != Event.END_ARRAY) { // the other items
                skip(event);
                event = parser.next();
            }
        }

        /** A {@code null} error counts as absent: some peers send it beside a result. */
        private void error() {
            fields.errorCode = null;
            fields.errorMessage = null;
            Event event = parser.next();
            fields.hasError = event != Event.VALUE_NULL;
            if (event != Event.START_OBJECT) {
                skip(event);
                return;
            }
            int seen = 0;
            while (nextKey()) {
                switch (parser.getString()) {
                    case "code" -> {
                        seen = once(seen, 1, "error.code");
                        fields.errorCode = intValue();
                    }
                    case "message" -> {
                        seen = once(seen, 2, "error.message");
                        fields.errorMessage = stringValue();
                    }
                    default -> skipValue();
                }
            }
        }

        /** Moves to the next member name of the current object; {@code false} at its end. */
        private boolean nextKey() {
            return parser.next() == Event.KEY_NAME;
        }

        /** The member's value when it is a string, else steps over it and answers {@code null}. */
        private String stringValue() {
            Event event = parser.next();
            if (event == Event.VALUE_STRING) {
                return parser.getString();
            }
            skip(event);
            return null;
        }

        private Integer intValue() {
            Event event = parser.next();
            if (event == Event.VALUE_NUMBER) {
                return parseInt(parser.getString());
            }
            skip(event);
            return null;
        }

        /** Opens the member's value when it is an object, else steps over it and answers {@code false}. */
        private boolean objectValue() {
            Event event = parser.next();
            if (event == Event.START_OBJECT) {
                return true;
            }
            skip(event);
            return false;
        }

        /** Whether the member's value is JSON {@code true}; any other value is stepped over. */
        private boolean isTrue() {
            Event event = parser.next();
            skip(event);
            return event == Event.VALUE_TRUE;
        }

        private void skipValue() {
            skip(parser.next());
        }

        /** Steps over the value whose first event the parser just returned. */
        private void skip(Event first) {
            if (first != Event.START_OBJECT && first != Event.START_ARRAY) {
                return;
            }
            if (!allClosed) {
                countedSkip();
            } else if (first == Event.START_OBJECT) {
                parser.skipObject();
            } else {
                parser.skipArray();
            }
        }

        /**
         * Steps over the rest of the object or array just opened, event by event: safe on text
         * that ends inside it, which then ends the read with the parser's exception.
         */
        private void countedSkip() {
            int depth = 1;
            do {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_SKIP_DEPTH) {
                            throw NestingTooDeep.INSTANCE;
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> { }
                }
            } while (depth > 0);
        }
    }

    /** Ends a read whose input nests deeper than {@link #MAX_SKIP_DEPTH}. Carries no stack trace. */
    private static final class NestingTooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NestingTooDeep INSTANCE = new NestingTooDeep();

        private NestingTooDeep() {
            super("JSON nested deeper than " + MAX_SKIP_DEPTH + " levels", null, false, false);
        }
    }

    /** The parser factory, created once: a provider lookup scans the class path. */
    private static final class ParserFactory {
        static final JsonParserFactory INSTANCE = create();

        private static JsonParserFactory create() {
            try {
                return JsonProvider.provider().createParserFactory(Map.of());
            } catch (RuntimeException | java.util.ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "McpGate found no JSON-P provider; JSON-RPC bodies will not be read", e);
                return null;
            }
        }
    }
}
