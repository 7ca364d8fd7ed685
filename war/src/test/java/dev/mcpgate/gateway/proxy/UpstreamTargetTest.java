package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamTargetTest {

    private static final URI UPSTREAM = URI.create("http://127.0.0.1:3000/mcp");

    /** The upstream URI for a request to the gateway WAR at {@code /gw}, servlet path {@code /mcp}. */
    private static String resolve(URI upstream, String requestUri, String query) throws UpstreamTarget.Refused {
        return UpstreamTarget.resolve(upstream, requestUri, "/gw", "/mcp", query).toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
            "/gw/mcp http://127.0.0.1:3000/mcp",
            "/gw/mcp/ http://127.0.0.1:3000/mcp/",
            "/gw/mcp/x http://127.0.0.1:3000/mcp/x",
            "/gw/mcp/x/ http://127.0.0.1:3000/mcp/x/",
            // encoded characters go up exactly as the client encoded them
            "/gw/mcp/a%20b http://127.0.0.1:3000/mcp/a%20b",
            "/gw/mcp/caf%C3%A9 http://127.0.0.1:3000/mcp/caf%C3%A9",
            "/gw/mcp/x%3Fy http://127.0.0.1:3000/mcp/x%3Fy",
            "/gw/mcp/%2525 http://127.0.0.1:3000/mcp/%2525",
            "/gw/mcp/%25zz http://127.0.0.1:3000/mcp/%25zz",
            "/gw/mcp/a.b/..c/c.. http://127.0.0.1:3000/mcp/a.b/..c/c..",
            "/gw/mcp/%2e%2ex http://127.0.0.1:3000/mcp/%2e%2ex",
            "/gw/mcp/...; http://127.0.0.1:3000/mcp/...;",
            "/gw/mcp/a;v=1/b http://127.0.0.1:3000/mcp/a;v=1/b",
            // plain dot and empty segments are resolved as the server resolved them to route
            "/gw/mcp/a/../b http://127.0.0.1:3000/mcp/b",
            "/gw/mcp/a/./b http://127.0.0.1:3000/mcp/a/b",
            "/gw/mcp/a/.. http://127.0.0.1:3000/mcp/",
            "/gw/mcp//a//b http://127.0.0.1:3000/mcp/a/b",
            "/gw/mcp/../mcp/x http://127.0.0.1:3000/mcp/x",
            "/gw/./mcp/x http://127.0.0.1:3000/mcp/x",
            // a path parameter on the mapping itself (a session id in the URL) stays below
            "/gw/mcp;jsessionid=1/x http://127.0.0.1:3000/mcp/x",
    })
    void pathAfterTheMappingIsAppendedRaw(String requestUri, String expected) throws Exception {
        assertEquals(expected, resolve(UPSTREAM, requestUri, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/gw/mcp/%2e%2e/admin", "/gw/mcp/%2E%2E/admin", "/gw/mcp/.%2e/admin", "/gw/mcp/%2E./admin",
            "/gw/mcp/%2e/admin", "/gw/mcp/%2E", "/gw/mcp/x/%2e%2e",
            "/gw/mcp/%252e%252e/admin", "/gw/mcp/%25252e%25252e/admin", "/gw/mcp/%252E./admin",
            "/gw/mcp/%2e%2e;x/admin", "/gw/mcp/..;x/admin", "/gw/mcp/.;x/admin", "/gw/mcp/%2e%2e%3bx/admin",
            "/gw/mcp/..%2Fadmin", "/gw/mcp/..%2fadmin", "/gw/mcp/a%2Fb", "/gw/mcp/..%252Fadmin",
            "/gw/mcp/..%5Cadmin", "/gw/mcp/..%5cadmin", "/gw/mcp/..%255Cadmin", "/gw/mcp/..\\admin",
            "/gw/mcp/a%00b", "/gw/mcp/a%2500b",
            "/gw/mcp/%zz", "/gw/mcp/%2", "/gw/mcp/%",
            // climbing above the mapping, or not below it at all
            "/gw/mcp/../../admin", "/gw/mcp/..", "/gw/other/x", "/gw", "/../gw/mcp/x",
    })
    void disguisedDotSegmentsSlashesAndClimbsAreRefused(String requestUri) {
        assertThrows(UpstreamTarget.Refused.class, () -> resolve(UPSTREAM, requestUri, null));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = ' ', value = {
            "http://127.0.0.1:3000/mcp/ /gw/mcp http://127.0.0.1:3000/mcp/",
            "http://127.0.0.1:3000/mcp/ /gw/mcp/x http://127.0.0.1:3000/mcp/x",
            "http://127.0.0.1:3000 /gw/mcp http://127.0.0.1:3000",
            "http://127.0.0.1:3000 /gw/mcp/x http://127.0.0.1:3000/x",
            "http://127.0.0.1:3000/ /gw/mcp/ http://127.0.0.1:3000/",
            "http://127.0.0.1:3000/a%20b/mcp /gw/mcp/x http://127.0.0.1:3000/a%20b/mcp/x",
            "http://user:pw@127.0.0.1:3000/mcp /gw/mcp/x http://user:pw@127.0.0.1:3000/mcp/x",
    })
    void upstreamPathIsKeptAsConfigured(String upstream, String requestUri, String expected) throws Exception {
        assertEquals(expected, resolve(URI.create(upstream), requestUri, null));
    }

    @ParameterizedTest(name = "{0} ? {1} -> {2}")
    @CsvSource(delimiter = ' ', value = {
            "http://h/mcp q=%2F%2e%2e&r=1 http://h/mcp/x?q=%2F%2e%2e&r=1",
            "http://h/mcp?key=k a=b http://h/mcp/x?key=k&a=b",
            "http://h/mcp?key=k '' http://h/mcp/x?key=k",
            "http://h/mcp a=%20&a=2 http://h/mcp/x?a=%20&a=2",
    })
    void queryIsKeptRaw(String upstream, String query, String expected) throws Exception {
        assertEquals(expected, resolve(URI.create(upstream), "/gw/mcp/x", query));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a b", "a|b", "{x}"})
    void queryThatNoUriCanHoldIsRefused(String query) {
        assertThrows(UpstreamTarget.Refused.class, () -> resolve(UPSTREAM, "/gw/mcp/x", query));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ' ', value = {
            "'' /mcp/x http://127.0.0.1:3000/mcp/x",
            "/a/b /a/b/mcp/x http://127.0.0.1:3000/mcp/x",
            "/my%20app /my%20app/mcp/x http://127.0.0.1:3000/mcp/x",
    })
    void contextPathsOfAnyShapeAreSkipped(String contextPath, String requestUri, String expected) throws Exception {
        assertEquals(expected, UpstreamTarget.resolve(UPSTREAM, requestUri, contextPath, "/mcp", null).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%6Dcp/x", "/mc%70/x"})
    void anEncodedMappingThatTheServerDecodedIsRecognised(String requestUri) throws Exception {
        assertEquals("http://127.0.0.1:3000/mcp/x", UpstreamTarget.resolve(UPSTREAM, requestUri, "", "/mcp", null)
                .toString());
    }
}
