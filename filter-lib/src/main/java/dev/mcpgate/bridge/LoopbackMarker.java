package dev.mcpgate.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret a {@link LoopbackUpstream} puts on each call in the header {@value #HEADER}: a request that carries
 * it is the bridge's own call to the server (the upstream leg), which the filter passes on unbridged. One per
 * endpoint, made at start from 32 random bytes (base64url); a request with the header and another value is
 * forged and refused, and the header never reaches the servlet nor a client.
 */
public final class LoopbackMarker {

    /** The marker header. */
    public static final String HEADER = "Mcp-Gate-Bridge";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final byte[] bytes;

    private LoopbackMarker(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.US_ASCII);
    }

    /** A new random marker. */
    public static LoopbackMarker random() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new LoopbackMarker(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The header's value. */
    public String value() {
        return value;
    }

    /** Whether a request's header value is this marker (in constant time: a forger learns nothing from timing). */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "LoopbackMarker[hidden]";
    }
}
