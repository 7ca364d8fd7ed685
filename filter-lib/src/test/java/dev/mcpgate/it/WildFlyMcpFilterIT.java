package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link AbstractMcpFilterIT} on a managed WildFly in its own JVM (container qualifier
 * {@code wildfly} of {@code arquillian.xml}). The server provides CDI and JSON-P, so the WAR is the
 * {@linkplain McpFilterDeployment#forFullProfile() full-profile} one. Runs only when the
 * container is selected: {@code mvn verify -Pwildfly} sets {@code -Darquillian.launch=wildfly}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly",
        disabledReason = "run with -Pwildfly (-Darquillian.launch=wildfly)")
class WildFlyMcpFilterIT extends AbstractMcpFilterIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forFullProfile();
    }
}
