package dev.mcpgate.gateway.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link AbstractGatewayWarIT} on a managed Payara Micro 6 in its own JVM (container qualifier {@code payara}); its file realm gets the admin user from a post-boot command (src/test/payara), and the WAR's {@code payara-web.xml} maps the group {@code mcpgate-admin} to the role. The server provides CDI, JSON-P and JSON-B: the WAR is the
 * full-profile flavour. Runs only with {@code mvn verify -Ppayara}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara",
        disabledReason = "run with -Ppayara (-Darquillian.launch=payara)")
class PayaraMicroGatewayWarIT extends AbstractGatewayWarIT {

    @Deployment(name = DEMO, testable = false)
    static WebArchive demoDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, DEMO);
    }

    @Deployment(name = GATEWAY, testable = false)
    static WebArchive gatewayDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, GATEWAY);
    }

    @Deployment(name = DOWN, testable = false)
    static WebArchive downDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, DOWN);
    }
}
