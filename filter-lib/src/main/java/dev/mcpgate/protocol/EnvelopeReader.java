package dev.mcpgate.protocol;

import dev.mcpgate.protocol.JsonCursor.Malformed;
import dev.mcpgate.protocol.JsonCursor.Names;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads the {@link JsonRpcEnvelope} of one JSON-RPC message in one pass over its UTF-8 bytes.
 *
 * <p>It looks only at the members the filter records and steps over everything else (tool
 * arguments, result contents, tool lists) without decoding it: a value stepped over costs a scan
 * for its closing bracket, eight bytes at a time inside strings ({@link JsonCursor}). It reads the
 * top-level object to its closing brace, even once it has every member it wants: only then does it
 * know that no member comes twice. It sets up no parser and builds no object model: what it
 * allocates is the envelope and the strings it keeps.
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
 * server runs as {@code tools/call}). A member name written with escapes is compared unescaped.
 *
 * <p>It never throws because of the bytes: whatever they are (empty, cut short at a capture limit,
 * binary, nested ten thousand levels deep) the answer is an envelope whose {@link MessageKind}
 * says what was found, with {@link JsonRpcEnvelope#truncated()} set when reading stopped before the
 * top-level object closed (and so before the reader could know that no duplicate follows): at the
 * end of the bytes, or at the first fault a JSON parser would refuse in what it reads. Inside a
 * value it steps over it checks less (strings, and brackets of matching kinds; see
 * {@link JsonCursor}): text with a fault there is text every parser refuses, so the server never
 * runs it, whatever the filter records.
 *
 * <p>Strings are decoded from UTF-8 with malformed bytes replaced by U+FFFD, as an
 * {@code InputStreamReader} decodes them.
 */
public final class EnvelopeReader {

    private static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    private static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** The W3C trace context keys the 2026-07-28 revision reserves in {@code _meta} (no prefix). */
    private static final String META_TRACEPARENT = "traceparent";
    private static final String META_TRACESTATE = "tracestate";
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
            case '{' -> readObject(new JsonCursor(bytes, start, end));
            case '[' -> JsonRpcEnvelope.BATCH;
            default -> JsonRpcEnvelope.NOT_JSON;
        };
    }

    /**
     * Reads the envelope of JSON text that is already a string, such as the data of a server-sent
     * event. Answers as {@link #read(byte[], int, int)} does for the text's UTF-8 bytes, which it
     * reads (a lone surrogate becomes {@code ?}, as it does on the wire).
     */
    public static JsonRpcEnvelope read(String json) {
        return json == null ? JsonRpcEnvelope.EMPTY : read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the object that the cursor stands before. */
    private static JsonRpcEnvelope readObject(JsonCursor cursor) {
        JsonRpcEnvelope.Fields fields = new JsonRpcEnvelope.Fields();
        try {
            new Walk(cursor, fields).message();
            if (cursor.hasMore()) {
                fields.ambiguity = "content after the message";
            }
        } catch (Malformed e) {
            fields.truncated = true;
        }
        if (fields.truncated && !fields.sawJsonRpcMember()) {
            return JsonRpcEnvelope.NOT_JSON_CUT;
        }
        return new JsonRpcEnvelope(fields.kind(), fields);
    }

    private static int skipByteOrderMark(byte[] bytes, int start, int end) {
        boolean bom = end - start >= 3
                && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB && bytes[start + 2] == (byte) 0xBF;
        return bom ? start + 3 : start;
    }

    /** The index of the first byte that is not JSON whitespace, or {@code end}. */
    private static int skipWhitespace(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
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

        private static final Names MESSAGE = new Names("jsonrpc", "id", "method", "params", "result", "error");
        private static final Names PARAMS = new Names("name", "uri", "cursor", "protocolVersion", "clientInfo", "_meta");
        private static final Names CLIENT_INFO = new Names("name", "version");
        private static final Names META = new Names(META_CLIENT_INFO, META_PROTOCOL_VERSION, META_TRACEPARENT,
                META_TRACESTATE);
        private static final Names RESULT = new Names("isError", "nextCursor", "protocolVersion", "content");
        private static final Names CONTENT_ITEM = new Names("type", "text");
        private static final Names ERROR = new Names("code", "message");

        private final JsonCursor cursor;
        private final JsonRpcEnvelope.Fields fields;

        Walk(JsonCursor cursor, JsonRpcEnvelope.Fields fields) {
            this.cursor = cursor;
            this.fields = fields;
        }

        /**
         * Reads the members of the top-level object to its end. A member read again replaces what
         * the first one gave (the last wins, as in Jackson).
         */
        void message() {
            cursor.openObject();
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(MESSAGE);
                seen = once(seen, member, MESSAGE, "");
                switch (member) {
                    case 0 -> fields.jsonrpc = cursor.stringValue();
                    case 1 -> id();
                    case 2 -> fields.method = cursor.stringValue();
                    case 3 -> params();
                    case 4 -> result();
                    case 5 -> error();
                    default -> cursor.skipValue();
                }
            }
        }

        /**
         * Notes that member number {@code member} of {@code names} was read ({@code -1}: one not
         * read); a second reading makes the message ambiguous (the first such member is named,
         * after {@code prefix}).
         */
        private int once(int seen, int member, Names names, String prefix) {
            if (member < 0) {
                return seen;
            }
            int bit = 1 << member;
            if ((seen & bit) != 0 && fields.ambiguity == null) {
                fields.ambiguity = "duplicate member \"" + prefix + names.name(member) + "\"";
            }
            return seen | bit;
        }

        private void id() {
            fields.hasId = true;
            fields.id = null;
            fields.idIsString = false;
            switch (cursor.peekValue()) {
                case '"' -> {
                    fields.id = cursor.stringValue();
                    fields.idIsString = true;
                }
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> fields.id = cursor.numberValue();
                default -> cursor.skipValue();
            }
        }

        private void params() {
            fields.hasParams = true;
            fields.clearParams();
            if (!cursor.objectValue()) {
                return;
            }
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(PARAMS);
                seen = once(seen, member, PARAMS, "params.");
                switch (member) {
                    case 0 -> fields.paramsName = cursor.stringValue();
                    case 1 -> fields.paramsUri = cursor.stringValue();
                    case 2 -> fields.paramsCursor = cursor.stringValue();
                    case 3 -> fields.paramsProtocolVersion = cursor.stringValue();
                    case 4 -> clientInfo();
                    case 5 -> meta();
                    default -> cursor.skipValue();
                }
            }
        }

        private void clientInfo() {
            fields.clientName = null;
            fields.clientVersion = null;
            if (!cursor.objectValue()) {
                return;
            }
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(CLIENT_INFO);
                seen = once(seen, member, CLIENT_INFO, "params.clientInfo.");
                switch (member) {
                    case 0 -> fields.clientName = cursor.stringValue();
                    case 1 -> fields.clientVersion = cursor.stringValue();
                    default -> cursor.skipValue();
                }
            }
        }

        private void meta() {
            fields.clearMeta();
            if (!cursor.objectValue()) {
                return;
            }
            fields.hasMeta = true;
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(META);
                switch (member) {
                    case 0 -> {
                        seen = once(seen, member, META, "params._meta.");
                        metaClientInfo();
                    }
                    case 1 -> {
                        seen = once(seen, member, META, "params._meta.");
                        fields.metaProtocolVersion = cursor.stringValue();
                    }
                    // the last of duplicates, without ambiguity: the trace context changes nothing the server runs
                    case 2 -> fields.metaTraceparent = cursor.stringValue();
                    case 3 -> fields.metaTracestate = cursor.stringValue();
                    default -> cursor.skipValue();
                }
            }
        }

        private void metaClientInfo() {
            fields.metaClientName = null;
            fields.metaClientVersion = null;
            if (!cursor.objectValue()) {
                return;
            }
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(CLIENT_INFO);
                seen = once(seen, member, CLIENT_INFO, "params._meta.clientInfo.");
                switch (member) {
                    case 0 -> fields.metaClientName = cursor.stringValue();
                    case 1 -> fields.metaClientVersion = cursor.stringValue();
                    default -> cursor.skipValue();
                }
            }
        }

        /** A {@code null} result counts as absent: some peers send it beside an error. */
        private void result() {
            fields.clearResult();
            fields.hasResult = cursor.peekValue() != 'n';
            if (!cursor.objectValue()) {
                return;
            }
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(RESULT);
                seen = once(seen, member, RESULT, "result.");
                switch (member) {
                    case 0 -> fields.resultIsError = cursor.isTrue();
                    case 1 -> fields.resultNextCursor = cursor.stringValue();
                    case 2 -> fields.resultProtocolVersion = cursor.stringValue();
                    case 3 -> {
                        fields.resultText = null;
                        firstContentText();
                    }
                    default -> cursor.skipValue();
                }
            }
        }

        /**
         * Keeps the text of the first content item when it is a text item. Read whatever
         * {@code isError} will say, because servers write {@code content} before it.
         */
        private void firstContentText() {
            if (!cursor.arrayValue() || !cursor.nextElement()) {
                return;
            }
            if (cursor.objectValue()) {
                String type = null;
                String text = null;
                while (cursor.nextMember()) {
                    switch (cursor.member(CONTENT_ITEM)) {
                        case 0 -> type = cursor.stringValue();
                        case 1 -> text = cursor.stringValue(MAX_RESULT_TEXT);
                        default -> cursor.skipValue();
                    }
                }
                if ("text".equals(type)) {
                    fields.resultText = text;
                }
            }
            while (cursor.nextElement()) { // the other items
                cursor.skipValue();
            }
        }

        /** A {@code null} error counts as absent: some peers send it beside a result. */
        private void error() {
            fields.errorCode = null;
            fields.errorMessage = null;
            fields.hasError = cursor.peekValue() != 'n';
            if (!cursor.objectValue()) {
                return;
            }
            int seen = 0;
            while (cursor.nextMember()) {
                int member = cursor.member(ERROR);
                seen = once(seen, member, ERROR, "error.");
                switch (member) {
                    case 0 -> {
                        String literal = cursor.numberValue();
                        fields.errorCode = literal == null ? null : parseInt(literal);
                    }
                    case 1 -> fields.errorMessage = cursor.stringValue();
                    default -> cursor.skipValue();
                }
            }
        }
    }
}
