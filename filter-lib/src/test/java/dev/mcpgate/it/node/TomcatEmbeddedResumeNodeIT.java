package dev.mcpgate.it.node;

import dev.mcpgate.it.McpFilterDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractResumeNodeIT} on embedded Tomcat 10.1 with Weld (profile {@code node}). */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedResumeNodeIT extends AbstractResumeNodeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat();
    }
}
