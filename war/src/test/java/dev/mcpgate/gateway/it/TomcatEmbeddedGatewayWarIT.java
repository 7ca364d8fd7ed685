package dev.mcpgate.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@link AbstractGatewayWarIT} on embedded Tomcat 10.1 with the Tomcat flavour of the WAR. The admin
 * and scraper users live in a {@code MemoryRealm} declared by the deployment's {@code META-INF/context.xml} —
 * what a user does with {@code conf/tomcat-users.xml}.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedGatewayWarIT extends AbstractGatewayWarIT {

    @Deployment(name = DEMO, testable = false)
    static WebArchive demoDeployment() {
        return withRealm(deployment(GatewayWars.Flavour.TOMCAT, DEMO));
    }

    @Deployment(name = GATEWAY, testable = false)
    static WebArchive gatewayDeployment() {
        return withRealm(deployment(GatewayWars.Flavour.TOMCAT, GATEWAY));
    }

    @Deployment(name = DOWN, testable = false)
    static WebArchive downDeployment() {
        return withRealm(deployment(GatewayWars.Flavour.TOMCAT, DOWN));
    }

    @Deployment(name = LIMITS, testable = false)
    static WebArchive limitsDeployment() {
        return withRealm(deployment(GatewayWars.Flavour.TOMCAT, LIMITS));
    }

    @Override
    boolean serverRunsInThisJvm() {
        return true;
    }

    static WebArchive withRealm(WebArchive war) {
        try {
            Path users = Files.createTempFile("mcpgate-it-users", ".xml");
            Files.writeString(users, "<tomcat-users><user username=\"" + ADMIN + "\" password=\"" + PASSWORD
                    + "\" roles=\"mcpgate-admin\"/><user username=\"" + SCRAPER + "\" password=\"" + SCRAPER_PASSWORD
                    + "\" roles=\"mcpgate-metrics\"/></tomcat-users>");
            return war.addAsManifestResource(new StringAsset("<Context><Realm className=\""
                    + "org.apache.catalina.realm.MemoryRealm\" pathname=\"" + users.toAbsolutePath() + "\"/></Context>"),
                    "context.xml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
