package dev.mcpgate.it.node;

import dev.mcpgate.it.McpFilterDeployment;
import dev.mcpgate.it.conformance.LegacyFixtureServers;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractLegacyConformanceIT} on embedded Tomcat 10.1 with Weld (profile {@code node}). */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedLegacyConformanceIT extends AbstractLegacyConformanceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(LegacyFixtureServers.class.getPackage());
    }
}
