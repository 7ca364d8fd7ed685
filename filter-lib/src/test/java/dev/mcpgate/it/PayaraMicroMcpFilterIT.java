package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link AbstractMcpFilterIT} on a managed Payara Micro 6 in its own JVM (container qualifier
 * {@code payara} of {@code arquillian.xml}). The server provides CDI and JSON-P, so the WAR is the
 * {@linkplain McpFilterDeployment#forFullProfile() full-profile} one. Runs only when the container
 * is selected: {@code mvn verify -Ppayara} sets {@code -Darquillian.launch=payara}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara",
        disabledReason = "run with -Ppayara (-Darquillian.launch=payara)")
class PayaraMicroMcpFilterIT extends AbstractMcpFilterIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forFullProfile();
    }
}
