package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link AbstractResumeIT} on the managed WildFly server: run with {@code -Pwildfly}. */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly",
        disabledReason = "run with -Pwildfly (-Darquillian.launch=wildfly)")
class WildFlyResumeIT extends AbstractResumeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forFullProfile();
    }
}
