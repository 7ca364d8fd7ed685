package dev.mcpgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code allowed-hosts}: which {@code Host} header values pass the DNS-rebinding check. */
class HostRulesTest {

    private static HostRules rules(String value) {
        return HostRules.parse(value, () -> List.of("build-box", "build-box.example.net", "10.1.2.3"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "localhost, true",
            "localhost:18181, true",
            "LOCALHOST:8080, true",
            "localhost.:8080, true",
            "127.0.0.1:3000, true",
            "[::1]:3000, true",
            "[::1], true",
            "build-box:8080, true",
            "build-box.example.net, true",
            "10.1.2.3:80, true",
            "evil.example.com, false",
            "evil.example.com:18181, false",
            "localhost.evil.example.com, false",
            "127.0.0.2, false",
            "localhost:notaport, false",
            "localhost:99999, false",
            "'', false"
    })
    void theDefaultAllowsLoopbackAndTheMachinesOwnNamesOnAnyPort(String host, boolean allowed) {
        assertEquals(allowed, rules(HostRules.DEFAULT).allows(host, 80), host);
    }

    @Test
    void aRequestWithoutHostIsNotRefused() {
        assertTrue(rules("loopback").allows(null, 80));
    }

    @Test
    void aPortPinsTheHostToItAndNoPortMeansTheSchemesDefault() {
        HostRules rules = rules("mcp.example.com:8443");
        assertTrue(rules.allows("mcp.example.com:8443", 80));
        assertFalse(rules.allows("mcp.example.com:8080", 80));
        assertFalse(rules.allows("mcp.example.com", 443), "no port in Host means 443 over TLS");
        assertTrue(rules.allows("mcp.example.com", 8443), "a default port equal to the pinned one");
    }

    @Test
    void aWildcardAllowsEveryNameUnderTheDomainButNotTheDomainItself() {
        HostRules rules = rules("*.example.com");
        assertTrue(rules.allows("mcp.example.com", 443));
        assertTrue(rules.allows("a.b.example.com:8080", 80));
        assertFalse(rules.allows("example.com", 443));
        assertFalse(rules.allows("evilexample.com", 443));
    }

    @Test
    void starAllowsAnyHost() {
        assertTrue(rules("*").allowsAny());
        assertTrue(rules("*").allows("evil.example.com", 80));
    }

    @ParameterizedTest
    @CsvSource({"'http://localhost'", "'local host'", "'host:0'", "'host:abc'", "'[zz]'"})
    void anEntryThatIsNoHostFailsWithTheEntryNamed(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rules(entry));
        assertTrue(e.getMessage().contains(entry.trim().toLowerCase(java.util.Locale.ROOT)), e.getMessage());
    }

    /** A server is reached by its interface address (Payara advertises it) even where its name resolves to 127.0.0.1 only. */
    @Test
    void localAllowsTheAddressOfEveryInterfaceThatIsUp() throws java.net.SocketException {
        HostRules local = HostRules.parse("local");
        List<String> refused = new java.util.ArrayList<>();
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) {
                continue;
            }
            for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                String text = address.getHostAddress().replaceAll("%.*$", "");
                String host = (text.contains(":") ? "[" + text + "]" : text) + ":8080";
                if (!address.isLinkLocalAddress() && !local.allows(host, 80)) {
                    refused.add(host);
                }
            }
        }
        assertTrue(refused.isEmpty(), "interface addresses refused: " + refused);
    }
}
