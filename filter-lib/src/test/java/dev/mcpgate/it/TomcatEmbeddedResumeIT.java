package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractResumeIT} on embedded Tomcat 10.1 with Weld. */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedResumeIT extends AbstractResumeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat();
    }
}
