package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeptPrefixInputStreamTest {

    private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void passesEveryByteOnAndKeepsTheFirstOnes() throws IOException {
        KeptPrefixInputStream in = new KeptPrefixInputStream(new ByteArrayInputStream(BODY), 10);
        assertArrayEquals(BODY, in.readAllBytes());
        assertEquals("{\"jsonrpc\"", new String(in.prefix(), StandardCharsets.UTF_8));
    }

    @Test
    void readsOnForThePrefixWhenTheUpstreamCallReadNothing() {
        KeptPrefixInputStream in = new KeptPrefixInputStream(new ByteArrayInputStream(BODY), 1024);
        assertArrayEquals(BODY, in.prefix());
        assertArrayEquals(BODY, in.prefix(), "asked twice, the same bytes");
    }
}
