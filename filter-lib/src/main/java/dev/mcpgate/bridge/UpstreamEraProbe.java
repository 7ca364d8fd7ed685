package dev.mcpgate.bridge;

import dev.mcpgate.protocol.SseParser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The era of the server behind the filter ({@code bridge-upstream-era}): as set, or learnt once with a
 * {@code server/discover} call through the {@link BridgeUpstream}. A result whose {@code supportedVersions} names
 * {@value MetaKeys#MODERN_VERSION} is {@link UpstreamEra#MODERN}; an answer of the MCP server itself that says it
 * does not know the method or wants a session (a JSON-RPC error such as -32601 with 200, 400 or 404, the MCP Java SDK
 * 2.1.0's serialized {@code jsonRpcError} refusal, a result without that version) is {@link UpstreamEra#LEGACY}.
 * What tells nothing is not kept and the next exchange probes again: the call failed or timed out, a 5xx, and any
 * answer that is not the MCP server's (401, 403, 407, 429, a redirect, an HTML 404 of a path the server does not
 * serve, a 200 that is no JSON-RPC message). The probe carries the triggering caller's {@code Authorization}, so an
 * endpoint behind authentication is asked as that caller.
 */
public final class UpstreamEraProbe {

    /** Most bytes of the probe's answer read (a discover result is small; a stream is read to its first message). */
    static final int MAX_ANSWER = 256 * 1024;

    /** The statuses with which a legacy MCP server refuses {@code server/discover} without a session. */
    private static final java.util.Set<Integer> LEGACY_REFUSALS = java.util.Set.of(400, 404);

    private final BridgeUpstream upstream;
    private volatile UpstreamEra known;

    /**
     * @param setting  {@code bridge-upstream-era}
     * @param upstream where the probe goes
     */
    public UpstreamEraProbe(UpstreamEra setting, BridgeUpstream upstream) {
        this.known = Objects.requireNonNull(setting, "setting");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
    }

    /** The era as known now: {@link UpstreamEra#AUTO} until a probe told it (costs a volatile read). */
    public UpstreamEra known() {
        return known;
    }

    /**
     * The era, probing now when it is not known (blocking: on a bridge thread only). Concurrent callers wait for
     * one probe.
     *
     * @throws IOException when the probe told nothing (kept for none: the next call probes again)
     */
    public UpstreamEra resolve() throws IOException, InterruptedException {
        return resolve(null);
    }

    /**
     * As {@link #resolve()}, the probe carrying the caller's credentials.
     *
     * @param authorization the triggering request's {@code Authorization} header, or {@code null}
     */
    public synchronized UpstreamEra resolve(String authorization) throws IOException, InterruptedException {
        UpstreamEra era = known;
        if (era != UpstreamEra.AUTO) {
            return era;
        }
        try (UpstreamAnswer answer = upstream.send(discoverCall(authorization))) {
            era = classify(answer);
        }
        known = era;
        return era;
    }

    /** A {@code server/discover} request of 2026-07-28, with the headers and {@code _meta} it requires. */
    static UpstreamCall discoverCall(String authorization) {
        JsonObject meta = Json.createObjectBuilder()
                .add(MetaKeys.PROTOCOL_VERSION, MetaKeys.MODERN_VERSION)
                .add(MetaKeys.CLIENT_INFO, Json.createObjectBuilder().add("name", "mcpgate-bridge").add("version", "1"))
                .add(MetaKeys.CLIENT_CAPABILITIES, JsonValue.EMPTY_JSON_OBJECT).build();
        String body = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "mcpgate-bridge-probe")
                .add("method", "server/discover")
                .add("params", Json.createObjectBuilder().add("_meta", meta)).build().toString();
        Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", MetaKeys.MODERN_VERSION,
                "Mcp-Method", "server/discover"));
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return UpstreamCall.post(headers, body);
    }

    /** The era an answer to {@link #discoverCall} tells. */
    static UpstreamEra classify(UpstreamAnswer answer) throws IOException {
        int status = answer.status();
        if (status >= 500) {
            throw new IOException("the upstream answered the era probe (server/discover) with HTTP " + status);
        }
        if (status != 200 && !LEGACY_REFUSALS.contains(status)) {
            throw new IOException("the era probe (server/discover) got HTTP " + status + ", which is not the MCP "
                    + "server's answer (authentication, rate limit, redirect …); it tells nothing");
        }
        JsonObject message = firstMessage(answer);
        if (message == null || !(message.get("result") instanceof JsonObject || message.get("error") instanceof JsonObject
                || message.get("jsonRpcError") instanceof JsonObject)) {
            throw new IOException("the era probe (server/discover) got HTTP " + status + " without a JSON-RPC "
                    + "answer (a path the MCP server does not serve?); it tells nothing");
        }
        JsonValue result = message.get("result");
        if (result instanceof JsonObject r && r.get("supportedVersions") instanceof JsonArray versions) {
            for (JsonValue v : versions) {
                if (v instanceof JsonString s && MetaKeys.MODERN_VERSION.equals(s.getString())) {
                    return UpstreamEra.MODERN;
                }
            }
        }
        return UpstreamEra.LEGACY;
    }

    /** The JSON body, or the first {@code data} of an event stream; {@code null} when neither is JSON. */
    private static JsonObject firstMessage(UpstreamAnswer answer) throws IOException {
        String text = answer.mediaType().equals("text/event-stream") ? firstEventData(answer.body()) : readText(answer.body());
        if (text == null) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject o ? o : null;
        } catch (jakarta.json.JsonException e) { // JsonParsingException too
            return null;
        }
    }

    private static String readText(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ANSWER);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads an event stream up to its first event with data (bounded). */
    private static String firstEventData(InputStream body) throws IOException {
        String[] data = new String[1];
        SseParser parser = new SseParser(MAX_ANSWER, (id, event, d) -> {
            if (data[0] == null && !d.isEmpty()) {
                data[0] = d;
            }
        });
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while (data[0] == null && total < MAX_ANSWER && (n = body.read(buffer)) >= 0) {
            parser.feed(buffer, 0, n);
            total += n;
        }
        return data[0];
    }
}
