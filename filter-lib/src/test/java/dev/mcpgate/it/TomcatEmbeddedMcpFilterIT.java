package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@link AbstractMcpFilterIT} on embedded Tomcat 10.1 (the default container of
 * {@code arquillian.xml}, qualifier {@code tomcat}), with Weld servlet for CDI and Parsson for
 * JSON-P inside the WAR. Skipped when another container is selected with
 * {@code -Darquillian.launch}.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedMcpFilterIT extends AbstractMcpFilterIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat();
    }
}
