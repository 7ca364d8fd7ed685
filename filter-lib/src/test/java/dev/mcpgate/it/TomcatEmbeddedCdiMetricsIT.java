package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.deployment.McpTestServers;
import dev.mcpgate.it.metrics.MetricsProbeServlet;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
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
 * Metrics for the filter used as a library: the application declares its {@code MeterRegistry} as a CDI bean
 * ({@code @Produces}, Weld servlet on embedded Tomcat) and the filter of the packaged jar records
 * {@code mcp.server.operation.duration} in it. Micrometer is in the WAR only, as an application would ship it.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedCdiMetricsIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(MetricsProbeServlet.class.getPackage())
                .addAsLibraries(McpFilterDeployment.resolve(List.of("io.micrometer:micrometer-core")));
    }

    @Test
    void theApplicationsCdiMeterRegistryReceivesTheOperationDurations() throws Exception {
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, "cdi-metrics-it",
                "1.0", null)) {
            session.client().initialize();
            for (int i = 0; i < 2; i++) {
                session.client().callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "m" + i)));
            }
        }
        // the meters are fed by the dispatcher, off the request thread: poll
        RawHttp http = new RawHttp(deploymentUrl);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        long count = 0;
        while (count < 2 && Instant.now().isBefore(deadline)) {
            RawHttp.Answer answer = http.send("GET", MetricsProbeServlet.PATH + "?method=tools/call&tool=echo",
                    List.of(), new byte[0], false);
            count = answer.status() == 200 ? Long.parseLong(answer.body().trim()) : -1;
            if (count < 2) {
                Thread.sleep(50); // between polls
            }
        }
        assertTrue(count >= 2, "tools/call echo recordings in the application's registry: " + count);
    }
}
