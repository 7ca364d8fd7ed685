package dev.mcpgate.gateway.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link AbstractGatewayWarIT} on a managed WildFly 39 in its own JVM (container qualifier {@code wildfly}); the admin user is in the unpacked server's {@code application-users.properties} (src/test/wildfly), as {@code add-user.sh} would put it. The server provides CDI, JSON-P and JSON-B: the WAR is the
 * full-profile flavour. Runs only with {@code mvn verify -Pwildfly}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly",
        disabledReason = "run with -Pwildfly (-Darquillian.launch=wildfly)")
class WildFlyGatewayWarIT extends AbstractGatewayWarIT {

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

    @Deployment(name = LIMITS, testable = false)
    static WebArchive limitsDeployment() {
        return deployment(GatewayWars.Flavour.FULL_PROFILE, LIMITS);
    }
}
