package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What one request can make the bridge hold or send (issue 14): never more than a bounded amount. */
class BridgeBoundsTest {

    @Test
    void aListenNamingMoreThanAHundredResourcesIsRefusedAsInvalidParams() {
        JsonArrayBuilder uris = Json.createArrayBuilder();
        for (int i = 0; i <= ListenFilter.MAX_RESOURCE_SUBSCRIPTIONS; i++) {
            uris.add("file:///r" + i);
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ListenFilter.parse(
                Json.createObjectBuilder().add("notifications", Json.createObjectBuilder()
                        .add("resourceSubscriptions", uris)).build()));
        assertTrue(refused.getMessage().contains("at most 100"), refused.getMessage());
    }

    @Test
    void aSessionSubscribesToAtMostAHundredResourcesAndMayStillUnsubscribe() {
        MintedSession session = new MintedSession("s", null, "2025-11-25", null, JsonValue.EMPTY_JSON_OBJECT, 0);
        for (int i = 0; i < MintedSession.MAX_SUBSCRIPTIONS; i++) {
            assertTrue(session.subscribe("file:///r" + i, true));
        }
        assertFalse(session.subscribe("file:///one-more", true), "the 101st is refused");
        assertTrue(session.subscribe("file:///r0", false));
        assertTrue(session.subscribe("file:///one-more", true), "room again after an unsubscribe");
    }

    @Test
    void aJsonAnswerLargerThanSixteenMebibytesIsAnErrorNotABuffer() {
        UpstreamMessages messages = new UpstreamMessages(endless());
        IOException failed = assertThrows(IOException.class, messages::next);
        assertTrue(failed.getMessage().contains("larger than"), failed.getMessage());
    }

    @Test
    void aSessionCallsJsonAnswerLargerThanSixteenMebibytesIsAnError() {
        LegacySessionCalls calls = new LegacySessionCalls(new ScriptedUpstream((call, message) -> endless()),
                new UpstreamSession(new SessionKey("", "c", "1", "d", "2026-07-28"), "s-1", "2025-11-25",
                        JsonValue.EMPTY_JSON_OBJECT), null);
        assertThrows(IOException.class, () -> calls.request("resources/subscribe", JsonValue.EMPTY_JSON_OBJECT));
    }

    /** A 200 JSON answer whose body never ends (counted, never held). */
    private static UpstreamAnswer endless() {
        return new UpstreamAnswer() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public Optional<String> header(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? Optional.of("application/json") : Optional.empty();
            }

            @Override
            public InputStream body() {
                return new InputStream() {
                    @Override
                    public int read() {
                        return ' ';
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                        return len;
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
