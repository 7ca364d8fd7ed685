package dev.mcpgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link AbstractResumeIT} on the managed Payara Micro 6 server: run with {@code -Ppayara}. */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara",
        disabledReason = "run with -Ppayara (-Darquillian.launch=payara)")
class PayaraMicroResumeIT extends AbstractResumeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forFullProfile();
    }
}
