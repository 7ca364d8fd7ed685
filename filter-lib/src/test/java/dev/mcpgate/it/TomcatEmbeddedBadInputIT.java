package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractBadInputIT} on embedded Tomcat 10.1. */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedBadInputIT extends AbstractBadInputIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat();
    }
}
