package dev.mcpgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * THE packaged EAR on a managed WildFly 39: the full-profile WAR at {@code /mcpgate}, its store on the
 * data source the EAR declares ({@code java:app/jdbc/mcpgate}, embedded Derby from the EAR's lib/),
 * whose database lands in the server's data directory ({@code mcpgate-data/mcpgate-ear}).
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyEarIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("mcpgate.it.ear")));
    }

    @ArquillianResource
    URL server;

    @Test
    void sessionThroughTheEarIsStoredOnTheApplicationDataSource() throws MalformedURLException {
        URL gateway = new URL(server, "/mcpgate/");
        String sessionId;
        try (McpSdkClient client = new McpSdkClient(gateway, "ear-it", null)) {
            client.client().initialize();
            assertEquals("from the ear", ((McpSchema.TextContent) client.client().callTool(McpSchema.CallToolRequest
                    .builder("echo").arguments(Map.of("text", "from the ear")).build()).content().get(0)).text());
            sessionId = client.sessionId();
        }
        ApiClient api = new ApiClient(gateway);
        JsonArray rows = api.awaitItems("mcpgate/api/requests?session=" + sessionId + "&tool=echo",
                AbstractGatewayWarIT.ADMIN, AbstractGatewayWarIT.PASSWORD, items -> items.size() == 1);
        assertEquals("ok", rows.getJsonObject(0).getString("outcome"));

        ApiClient.Answer health = api.get("mcpgate/api/health", AbstractGatewayWarIT.ADMIN, AbstractGatewayWarIT.PASSWORD);
        JsonObject store = health.json().getJsonObject("demo").getJsonObject("health").getJsonObject("store");
        assertTrue(store.getBoolean("reachable"), store.toString());
        assertTrue(store.getString("databaseUrl").contains("mcpgate-ear"),
                "the store writes to the EAR's data source: " + store);
        // Derby's home is the server's data directory (arquillian.xml, as the README says): nothing lands in
        // the directory WildFly was started from
        Path data = Path.of(System.getProperty("mcpgate.it.wildfly.home"), "standalone", "data", "mcpgate-data");
        assertTrue(Files.isDirectory(data.resolve("mcpgate-ear")), "the EAR's database in " + data);
        assertFalse(Files.exists(Path.of(System.getProperty("user.dir"), "mcpgate-ear")),
                "no database in the working directory " + System.getProperty("user.dir"));
    }
}
