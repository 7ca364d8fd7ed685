package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mcpgate.it.bridge.TestBridgeFilter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bridge=off} changes nothing: the deployment of {@link TomcatEmbeddedBridgeIT} (its test translator
 * installed) with the bridge off. A 2026-07-28 request goes to the legacy servlet as it came (the servlet
 * answers it in its own way, nothing is translated, no leg is made), and the header that would be the bridge's
 * marker is nobody's business: it reaches the servlet.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedBridgeOffIT {

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient http = EventLog.client();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(TestBridgeFilter.class.getPackage())
                .setWebXML("deployment/web-bridge-off.xml");
    }

    @Test
    void withTheBridgeOffAModernRequestReachesTheLegacyServerAsItCameAndNothingIsTranslated() throws Exception {
        EventLog log = EventLog.cleared(deploymentUrl);
        spy("DELETE");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "mcp")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
                .header("Mcp-Gate-Bridge", "anything")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\","
                        + "\"params\":{\"_meta\":" + TomcatEmbeddedBridgeIT.META + "}}"))
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertFalse(answer.body().contains("\"resultType\""), "not translated: " + answer.body());
        assertEquals("1 1", spy("GET"), "the request, header and all, reached the servlet");
        List<RecordedEvent> events = log.awaitUntil("the request's row", all -> all.stream()
                .anyMatch(e -> e.is(REQUEST_COMPLETED) && "11".equals(e.jsonRpcId())));
        List<RecordedEvent> rows = events.stream().filter(e -> e.is(REQUEST_COMPLETED)).toList();
        assertEquals(1, rows.size(), "no leg: " + EventLog.dump(rows));
        RecordedEvent row = rows.get(0);
        assertEquals("MODERN", row.text("era"), row.toString());
        assertNull(row.text("upstreamEra"), row.toString());
        assertFalse(row.flag("bridgeLeg"), row.toString());
    }

    private String spy(String method) throws Exception {
        URI uri = URI.create(base() + "marker-spy");
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String base() {
        return McpFilterDeployment.withContextPath(deploymentUrl).toString().replaceAll("/?$", "/");
    }
}
