package dev.mcpgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code allowed-origins} and the same-origin rule. */
class OriginRulesTest {

    private static OriginRules rules(String value) {
        return OriginRules.parse(value, () -> List.of("build-box"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://localhost:3000, true",
            "https://localhost, true",
            "http://127.0.0.1:6274, true",
            "http://[::1]:8080, true",
            "HTTP://LOCALHOST:3000, true",
            "http://build-box:8080, true",
            "http://evil.example.com, false",
            "http://localhost.evil.example.com, false",
            "null, false",
            "file://, false",
            "http://localhost:3000/path, false",
            "ftp://localhost, false"
    })
    void theDefaultAllowsLoopbackAndTheMachinesOwnOriginsOnAnyPort(String origin, boolean allowed) {
        assertEquals(allowed, rules(OriginRules.DEFAULT).allows(origin), origin);
    }

    @Test
    void anOriginWithoutPortMeansTheSchemesDefaultPort() {
        OriginRules rules = rules("https://app.example.com, http://tools.example.com:8080, http://any.example.com:*");
        assertTrue(rules.allows("https://app.example.com"));
        assertTrue(rules.allows("https://app.example.com:443"));
        assertFalse(rules.allows("https://app.example.com:8443"));
        assertFalse(rules.allows("http://app.example.com"), "another scheme is another origin");
        assertTrue(rules.allows("http://tools.example.com:8080"));
        assertFalse(rules.allows("http://tools.example.com"));
        assertTrue(rules.allows("http://any.example.com:1234"));
    }

    @Test
    void starAllowsAnyOriginAndNoOriginIsNeverRefused() {
        assertTrue(rules("*").allows("http://evil.example.com"));
        assertTrue(rules("").allows(null));
        assertFalse(rules("").allows("http://localhost"));
    }

    @ParameterizedTest(name = "{0} vs Host {1} -> {2}")
    @CsvSource({
            "https://mcp.example.com, mcp.example.com, true",
            "https://mcp.example.com, mcp.example.com:443, true",
            "http://mcp.example.com:8080, MCP.example.com:8080, true",
            "http://mcp.example.com, mcp.example.com:8080, false",
            "https://mcp.example.com, mcp.example.com:80, false",
            "http://evil.example.com, mcp.example.com, false",
            "null, mcp.example.com, false"
    })
    void sameOriginComparesHostAndPort(String origin, String host, boolean same) {
        assertEquals(same, OriginRules.sameOrigin(origin, host));
    }

    @ParameterizedTest
    @CsvSource({"'localhost'", "'ftp://x'", "'http://'", "'http://x:0'", "'http://x/path'"})
    void anEntryThatIsNoOriginFails(String entry) {
        assertThrows(IllegalArgumentException.class, () -> rules(entry));
    }
}
