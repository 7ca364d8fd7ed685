package dev.mcpgate.it.node;

import dev.mcpgate.it.McpFilterDeployment;
import dev.mcpgate.it.conformance.BridgeFixtures;
import dev.mcpgate.it.conformance.LegacyFixtures;
import dev.mcpgate.it.conformance.bridged.BridgedFixtureServers;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractBridgedConformanceIT} on embedded Tomcat 10.1 with Weld (profile {@code node}). */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedBridgedConformanceIT extends AbstractBridgedConformanceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat()
                .addClasses(LegacyFixtures.class, BridgeFixtures.class)
                .addPackage(BridgedFixtureServers.class.getPackage());
    }
}
