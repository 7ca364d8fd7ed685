package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** {@link AbstractFilterRegistrationIT} on embedded Tomcat 10.1 with Weld. */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedFilterRegistrationIT extends AbstractFilterRegistrationIT {

    @Deployment(name = DECLARED, testable = false)
    static WebArchive declared() {
        return war(McpFilterDeployment.forTomcat(), DECLARED);
    }

    @Deployment(name = REMAPPED, testable = false)
    static WebArchive remapped() {
        return war(McpFilterDeployment.forTomcat(), REMAPPED);
    }

    @Deployment(name = DISABLED, testable = false)
    static WebArchive disabled() {
        return war(McpFilterDeployment.forTomcat(), DISABLED);
    }

    @Deployment(name = INVALID, testable = false, managed = false)
    static WebArchive invalid() {
        return war(McpFilterDeployment.forTomcat(), INVALID);
    }
}
