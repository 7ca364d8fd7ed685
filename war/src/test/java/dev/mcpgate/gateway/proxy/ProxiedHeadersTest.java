package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxiedHeadersTest {

    @Test
    void mcpAndEndToEndHeadersGoUpstream() {
        ProxiedHeaders rules = ProxiedHeaders.forMessage(List.of());
        for (String name : List.of("Authorization", "Accept", "Content-Type", "MCP-Protocol-Version",
                "Mcp-Session-Id", "Last-Event-ID", "Mcp-Method", "Mcp-Name", "Mcp-Param-City", "User-Agent")) {
            assertTrue(rules.forwardsRequestHeader(name), name);
        }
    }

    @Test
    void hopByHopHeadersStayOnTheirHop() {
        ProxiedHeaders rules = ProxiedHeaders.forMessage(List.of());
        for (String name : List.of("Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
                "Proxy-Authorization", "proxy-connection")) {
            assertFalse(rules.forwardsRequestHeader(name), name);
            assertFalse(rules.forwardsResponseHeader(name), name);
        }
    }

    @Test
    void headersNamedByConnectionAreHopByHopToo() {
        ProxiedHeaders rules = ProxiedHeaders.forMessage(List.of("keep-alive, X-Hop", "x-other"));
        assertFalse(rules.forwardsRequestHeader("X-Hop"));
        assertFalse(rules.forwardsResponseHeader("X-Other"));
        assertTrue(rules.forwardsRequestHeader("X-Kept"));
    }

    @Test
    void hostLengthAndExpectAreLeftToTheHttpClientButLengthComesBack() {
        ProxiedHeaders rules = ProxiedHeaders.forMessage(List.of());
        assertFalse(rules.forwardsRequestHeader("Host"));
        assertFalse(rules.forwardsRequestHeader("Content-Length"));
        assertFalse(rules.forwardsRequestHeader("Expect"));
        assertTrue(rules.forwardsResponseHeader("Content-Length"));
        assertTrue(rules.forwardsResponseHeader("Mcp-Session-Id"));
    }
}
