package dev.mcpgate.protocol;

/**
 * The few fields of one JSON-RPC message that the filter records, read by {@link EnvelopeReader}
 * without building the message's value tree.
 *
 * <p>Every accessor answers {@code null} (or {@code false}) when the message lacks the field or
 * carries it with another JSON type than the specification gives it: a body is the client's or
 * server's word, never trusted to be well formed. Instances are immutable.
 */
public final class JsonRpcEnvelope {

    /** A body with no bytes, or only whitespace. */
    public static final JsonRpcEnvelope EMPTY = new JsonRpcEnvelope(MessageKind.EMPTY, new Fields());

    /** A body that is not JSON, or only a JSON scalar. */
    public static final JsonRpcEnvelope NOT_JSON = new JsonRpcEnvelope(MessageKind.NOT_JSON, new Fields());

    /**
     * An object that stopped being JSON, or ended, before any JSON-RPC member was read: as
     * {@link #NOT_JSON}, but {@link #truncated()}, because what followed might have been a message.
     */
    static final JsonRpcEnvelope NOT_JSON_CUT = new JsonRpcEnvelope(MessageKind.NOT_JSON, cut());

    /** A top-level JSON array: a batch, whose members are not read. */
    public static final JsonRpcEnvelope BATCH = new JsonRpcEnvelope(MessageKind.BATCH, new Fields());

    private final MessageKind kind;
    private final McpMethod mcpMethod;
    private final String jsonrpc;
    private final String id;
    private final boolean idIsString;
    private final String method;
    private final String paramsName;
    private final String paramsUri;
    private final String paramsCursor;
    private final String paramsProtocolVersion;
    private final String clientName;
    private final String clientVersion;
    private final boolean hasMeta;
    private final String metaClientName;
    private final String metaClientVersion;
    private final String metaProtocolVersion;
    private final String metaTraceparent;
    private final String metaTracestate;
    private final boolean resultIsError;
    private final String resultNextCursor;
    private final String resultProtocolVersion;
    private final String resultText;
    private final Integer errorCode;
    private final String errorMessage;
    private final boolean truncated;
    private final String ambiguity;

    JsonRpcEnvelope(MessageKind kind, Fields fields) {
        this.kind = kind;
        this.mcpMethod = McpMethod.of(fields.method);
        this.jsonrpc = fields.jsonrpc;
        this.id = fields.id;
        this.idIsString = fields.idIsString;
        this.method = fields.method;
        this.paramsName = fields.paramsName;
        this.paramsUri = fields.paramsUri;
        this.paramsCursor = fields.paramsCursor;
        this.paramsProtocolVersion = fields.paramsProtocolVersion;
        this.clientName = fields.clientName;
        this.clientVersion = fields.clientVersion;
        this.hasMeta = fields.hasMeta;
        this.metaClientName = fields.metaClientName;
        this.metaClientVersion = fields.metaClientVersion;
        this.metaProtocolVersion = fields.metaProtocolVersion;
        this.metaTraceparent = fields.metaTraceparent;
        this.metaTracestate = fields.metaTracestate;
        this.resultIsError = fields.resultIsError;
        this.resultNextCursor = fields.resultNextCursor;
        this.resultProtocolVersion = fields.resultProtocolVersion;
        this.resultText = fields.resultText;
        this.errorCode = fields.errorCode;
        this.errorMessage = fields.errorMessage;
        this.truncated = fields.truncated;
        this.ambiguity = fields.ambiguity;
    }

    /** What the body is; never {@code null}. */
    public MessageKind kind() {
        return kind;
    }

    /** The {@code jsonrpc} member, normally {@code "2.0"}. */
    public String jsonrpc() {
        return jsonrpc;
    }

    /**
     * The {@code id}: a string id as sent, a numeric id exactly as written in the JSON (so
     * {@code 7} is {@code "7"} and {@code 7.0} stays {@code "7.0"}); {@code null} when the message
     * has none or {@code id} is JSON {@code null}.
     */
    public String id() {
        return id;
    }

    /**
     * Whether the id was a JSON string. {@code "7"} and {@code 7} are different ids in JSON-RPC,
     * which only this flag tells apart.
     */
    public boolean idIsString() {
        return idIsString;
    }

    /** The {@code method} member as sent. */
    public String method() {
        return method;
    }

    /** The method of the table that {@link #method()} names; {@link McpMethod#UNKNOWN} for none. */
    public McpMethod mcpMethod() {
        return mcpMethod;
    }

    /** {@code params.name}: the tool or prompt name. */
    public String paramsName() {
        return paramsName;
    }

    /** {@code params.uri}: the resource URI. */
    public String paramsUri() {
        return paramsUri;
    }

    /** {@code params.cursor}: the page a list request asks for. */
    public String paramsCursor() {
        return paramsCursor;
    }

    /** {@code params.protocolVersion}: the version a legacy {@code initialize} asks for. */
    public String paramsProtocolVersion() {
        return paramsProtocolVersion;
    }

    /** {@code params.clientInfo.name}, sent by a legacy {@code initialize}. */
    public String clientName() {
        return clientName;
    }

    /** {@code params.clientInfo.version}, sent by a legacy {@code initialize}. */
    public String clientVersion() {
        return clientVersion;
    }

    /** Whether {@code params._meta} is present as an object. */
    public boolean hasMeta() {
        return hasMeta;
    }

    /** {@code params._meta["io.modelcontextprotocol/clientInfo"].name}, sent on modern requests. */
    public String metaClientName() {
        return metaClientName;
    }

    /** {@code params._meta["io.modelcontextprotocol/clientInfo"].version}, sent on modern requests. */
    public String metaClientVersion() {
        return metaClientVersion;
    }

    /** {@code params._meta["io.modelcontextprotocol/protocolVersion"]}, sent on every modern request. */
    public String metaProtocolVersion() {
        return metaProtocolVersion;
    }

    /**
     * {@code params._meta.traceparent}: the W3C trace context of the client's span, where the
     * OpenTelemetry conventions for MCP and the 2026-07-28 revision put it (any revision may carry it).
     */
    public String metaTraceparent() {
        return metaTraceparent;
    }

    /** {@code params._meta.tracestate}: the W3C trace state that goes with {@link #metaTraceparent()}. */
    public String metaTracestate() {
        return metaTracestate;
    }

    /** Whether {@code result.isError} is {@code true}: a tool call that failed inside the tool. */
    public boolean resultIsError() {
        return resultIsError;
    }

    /** {@code result.nextCursor}: there is another page of the list. */
    public String resultNextCursor() {
        return resultNextCursor;
    }

    /** {@code result.protocolVersion}: the version the server chose in its {@code initialize} answer. */
    public String resultProtocolVersion() {
        return resultProtocolVersion;
    }

    /**
     * The {@code text} of the first item of {@code result.content} when it is a text item, at most
     * {@link EnvelopeReader#MAX_RESULT_TEXT} characters: what a failed tool said about its failure.
     */
    public String resultText() {
        return resultText;
    }

    /** {@code error.code} when it is an integer that fits an {@code int}. */
    public Integer errorCode() {
        return errorCode;
    }

    /** {@code error.message}. */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Whether reading stopped before the top-level object closed: the bytes ended (a body cut at
     * the capture limit) or turned into something that is not JSON, or nested too deeply. Whatever
     * was read before that point is still reported.
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Whether the message names a member the reader extracts twice in the same object (two
     * {@code method}s, two {@code params}, two {@code params.name}s, ...), or carries content after
     * its top-level object. Parsers disagree on such text (Jackson and {@code JSON.parse} keep the
     * last duplicate), so what this envelope reports, the last values, may not be what every
     * reader of the same bytes sees. Only what was read counts: see {@link #truncated()}.
     */
    public boolean ambiguous() {
        return ambiguity != null;
    }

    /**
     * What made the message {@linkplain #ambiguous() ambiguous}, e.g. {@code duplicate member "method"}
     * or {@code duplicate member "params.name"}; {@code null} when it is not.
     */
    public String ambiguity() {
        return ambiguity;
    }

    /**
     * Whether the top-level object was read to its closing brace without ambiguity: every member
     * reported is the only one of its name, and nothing follows the message. A message cut at a
     * capture limit is never complete, however much of it was read: a second {@code method} might
     * follow. Neither is a batch (its members are not read), nor text that is no JSON object.
     */
    public boolean complete() {
        return !truncated && ambiguity == null && kind != MessageKind.NOT_JSON && kind != MessageKind.EMPTY
                && kind != MessageKind.BATCH;
    }

    /**
     * Who the client says it is: {@code params.clientInfo} (legacy {@code initialize}) when present,
     * else the {@code _meta} client info (modern requests), else {@link ClientIdentity#UNKNOWN}.
     */
    public ClientIdentity clientIdentity() {
        if (clientName != null || clientVersion != null) {
            return ClientIdentity.of(clientName, clientVersion);
        }
        return ClientIdentity.of(metaClientName, metaClientVersion);
    }

    /**
     * The protocol version the message speaks of: {@code params.protocolVersion}, else the
     * {@code _meta} protocol version, else {@code result.protocolVersion}.
     */
    public String protocolVersion() {
        if (paramsProtocolVersion != null) {
            return paramsProtocolVersion;
        }
        return metaProtocolVersion != null ? metaProtocolVersion : resultProtocolVersion;
    }

    /**
     * What the request acts on: {@link #paramsName()} for a tool or prompt, {@link #paramsUri()}
     * for a resource, {@code null} for methods without a target.
     */
    public String target() {
        return switch (mcpMethod.targetKind()) {
            case TOOL, PROMPT -> paramsName;
            case RESOURCE -> paramsUri;
            case NONE -> null;
        };
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("JsonRpcEnvelope[").append(kind);
        append(text, "id", id);
        append(text, "method", method);
        append(text, "target", target());
        if (errorCode != null) {
            text.append(" error=").append(errorCode);
        }
        if (resultIsError) {
            text.append(" isError");
        }
        if (truncated) {
            text.append(" truncated");
        }
        if (ambiguity != null) {
            text.append(" ambiguous");
        }
        return text.append(']').toString();
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(' ').append(name).append('=').append(value);
        }
    }

    private static Fields cut() {
        Fields fields = new Fields();
        fields.truncated = true;
        return fields;
    }

    /** The mutable fields that {@link EnvelopeReader} fills while it reads one message. */
    static final class Fields {
        String jsonrpc;
        String id;
        boolean idIsString;
        boolean hasId;
        String method;
        boolean hasParams;
        boolean hasResult;
        boolean hasError;
        String paramsName;
        String paramsUri;
        String paramsCursor;
        String paramsProtocolVersion;
        String clientName;
        String clientVersion;
        boolean hasMeta;
        String metaClientName;
        String metaClientVersion;
        String metaProtocolVersion;
        String metaTraceparent;
        String metaTracestate;
        boolean resultIsError;
        String resultNextCursor;
        String resultProtocolVersion;
        String resultText;
        Integer errorCode;
        String errorMessage;
        boolean truncated;
        String ambiguity;

        /** Forgets what an earlier {@code params} gave: a second one replaces it whole. */
        void clearParams() {
            paramsName = null;
            paramsUri = null;
            paramsCursor = null;
            paramsProtocolVersion = null;
            clientName = null;
            clientVersion = null;
            clearMeta();
        }

        void clearMeta() {
            hasMeta = false;
            metaClientName = null;
            metaClientVersion = null;
            metaProtocolVersion = null;
            metaTraceparent = null;
            metaTracestate = null;
        }

        /** Forgets what an earlier {@code result} gave. */
        void clearResult() {
            resultIsError = false;
            resultNextCursor = null;
            resultProtocolVersion = null;
            resultText = null;
        }

        /**
         * The kind the members seen so far make: a {@code method} makes a request or notification
         * whatever else is there, then {@code error} wins over {@code result}, because a message
         * carrying both reports a failure.
         */
        MessageKind kind() {
            if (method != null) {
                return hasId ? MessageKind.REQUEST : MessageKind.NOTIFICATION;
            }
            if (hasError) {
                return MessageKind.ERROR;
            }
            return hasResult ? MessageKind.RESPONSE : MessageKind.NOT_JSON_RPC;
        }

        /** Whether any member that only a JSON-RPC message has was seen. */
        boolean sawJsonRpcMember() {
            return jsonrpc != null || hasId || method != null || hasParams || hasResult || hasError;
        }
    }
}
