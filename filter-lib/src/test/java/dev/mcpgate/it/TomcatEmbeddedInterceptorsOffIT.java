package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.it.intercept.InterceptedServer;
import dev.mcpgate.it.intercept.TestInterceptor;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kill switch: the deployment of {@link TomcatEmbeddedInterceptorIT}, {@link TestInterceptor} registered,
 * with {@code dev.mcpgate.interceptors=off}: nothing is blocked, mocked or changed.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedInterceptorsOffIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(TestInterceptor.class.getPackage())
                .addAsServiceProvider(McpInterceptor.class, TestInterceptor.class)
                .setWebXML("deployment/web-interceptors-off.xml");
    }

    @Test
    void withInterceptorsOffTheServerSeesEveryCallAsSentAndNoRowNamesARule() {
        String sessionId;
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, InterceptedServer.PATH, "off-it", "1.0",
                null)) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            for (String text : List.of(TestInterceptor.DENY, TestInterceptor.MOCK, TestInterceptor.SHOUT)) {
                McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("record",
                        Map.of("text", text)));
                assertEquals(text, ((McpSchema.TextContent) result.content().get(0)).text());
            }
            sessionId = session.sessionId();
        }
        List<RecordedEvent> calls = new EventLog(EventLog.client(), deploymentUrl).awaitUntil("three call rows",
                all -> all.stream().filter(e -> isCall(e, sessionId)).count() == 3)
                .stream().filter(e -> isCall(e, sessionId)).toList();
        for (RecordedEvent call : calls) {
            assertEquals("OK", call.text("outcome"), call.toString());
            assertNull(call.text("rule"), call.toString());
        }
    }

    private static boolean isCall(RecordedEvent e, String sessionId) {
        return e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId()) && "tools/call".equals(e.mcpMethod());
    }
}
