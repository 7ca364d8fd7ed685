package dev.mcpgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link AbstractGatewayWarIT} on a managed Payara Micro 6 in its own JVM (container qualifier {@code payara}); its file realm gets the admin user from a post-boot command (src/test/payara), and the WAR's {@code payara-web.xml} maps the group {@code mcpgate-admin} to the role. The server provides CDI, JSON-P and JSON-B: the WAR is the
 * full-profile flavour; the demo deployment's store is on a JTA data source its {@code web.xml}
 * declares ({@code java:app/jdbc/mcpgate}). Runs only with {@code mvn verify -Ppayara}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara",
        disabledReason = "run with -Ppayara (-Darquillian.launch=payara)")
class PayaraMicroGatewayWarIT extends AbstractGatewayWarIT {

    private static final String DATA_SOURCE_MARKER = "mcpgate-payara-app-ds";

    static {
        // The managed Payara Micro adapter starts one Payara Micro JVM per deployment but stops only
        // the last one at undeploy: without this the other two outlive the build (seen with ps).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .forEach(ProcessHandle::destroy), "stop-leftover-payara-micro"));
    }

    /** The demo deployment declares the store's JTA data source in its web.xml, as a user may. */
    @Deployment(name = DEMO, testable = false)
    static WebArchive demoDeployment() {
        WebArchive war = deployment(GatewayWars.Flavour.FULL_PROFILE, DEMO);
        GatewayWars.withApplicationDataSource(war, DATA_SOURCE_MARKER);
        return war;
    }

    @Test
    void storeWritesToTheDataSourceTheApplicationDeclares() {
        McpSdkClient.ping(demo);
        JsonObject store = new ApiClient(demo).get("mcpgate/api/health", ADMIN, PASSWORD).json()
                .getJsonObject("demo").getJsonObject("health").getJsonObject("store");
        assertTrue(store.getString("databaseUrl").contains(DATA_SOURCE_MARKER), store.toString());
    }

    @Deployment(name = GATEWAY, testable = false)
    static WebArchive gatewayDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, GATEWAY);
    }

    @Deployment(name = DOWN, testable = false)
    static WebArchive downDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, DOWN);
    }

    @Deployment(name = LIMITS, testable = false)
    static WebArchive limitsDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, LIMITS);
    }
}
