package dev.mcpgate.it;

import dev.mcpgate.it.deployment.McpTestServers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/**
 * Builds the test WAR: THE packaged {@code mcpgate-filter} jar (so that its
 * {@code META-INF/web-fragment.xml} registration is what puts the filter in front of
 * {@code /mcp}), the MCP Java SDK with its dependencies, the test classes of
 * {@code dev.mcpgate.it.deployment}, a minimal {@code web.xml} and an annotated {@code beans.xml}.
 * Server flavours add what their server lacks ({@link #forTomcat()}: Weld and Parsson).
 *
 * <p>Library jars are resolved with the ShrinkWrap Maven resolver from this module's pom, where
 * they are test dependencies (so their versions come from the parent's dependency management).
 */
public final class McpFilterDeployment {

    /** The WAR's name; the context path is {@code /mcpgate-it}. */
    public static final String WAR_NAME = "mcpgate-it.war";
    /** The WAR's context path. */
    public static final String CONTEXT_PATH = "/mcpgate-it";

    /** System property (set by failsafe) naming the packaged filter jar. */
    public static final String FILTER_JAR_PROPERTY = "mcpgate.it.filter-jar";
    /** System property (set by failsafe) naming this module's pom. */
    public static final String POM_PROPERTY = "mcpgate.it.pom";

    /** The MCP peer every flavour deploys. */
    public static final List<String> SDK_LIBRARIES = List.of(
            "io.modelcontextprotocol.sdk:mcp",
            "org.slf4j:slf4j-jdk14");
    /** What a plain servlet container lacks: CDI (Weld servlet) and JSON-P (Parsson + API). */
    public static final List<String> TOMCAT_LIBRARIES = List.of(
            "org.jboss.weld.servlet:weld-servlet-shaded",
            "org.eclipse.parsson:parsson");

    private static final Map<List<String>, File[]> RESOLVED = new ConcurrentHashMap<>();

    private McpFilterDeployment() {
    }

    /** The WAR every server gets, with the SDK but without server-specific runtime libraries. */
    public static WebArchive base() {
        File filterJar = filterJar();
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .addPackage(McpTestServers.class.getPackage())
                .addAsLibrary(filterJar)
                .addAsLibraries(resolve(SDK_LIBRARIES))
                .setWebXML("deployment/web.xml")
                .addAsWebInfResource("deployment/beans.xml", "beans.xml");
    }

    /** The WAR for (embedded) Tomcat: adds Weld servlet (its initializer starts CDI) and Parsson. */
    public static WebArchive forTomcat() {
        return base()
                .addAsLibraries(resolve(TOMCAT_LIBRARIES))
                .addAsManifestResource("deployment/tomcat-context.xml", "context.xml");
    }

    /**
     * The WAR for a full-profile server (Payara, GlassFish, WildFly): exactly {@link #base()}. The
     * server provides CDI and JSON-P, so neither Weld nor Parsson is packaged (a second CDI or
     * JSON-P implementation in {@code WEB-INF/lib} would clash with the server's). The SDK's Jackson
     * 3 ({@code tools.jackson}) does not meet the servers' Jackson 2; on WildFly the server's SLF4J
     * binding wins over the packaged {@code slf4j-jdk14}, harmlessly (the SDK logs to server.log).
     */
    public static WebArchive forFullProfile() {
        return base();
    }

    /** Resolves Maven coordinates without versions (taken from the pom) with their transitive dependencies. */
    public static File[] resolve(List<String> coordinates) {
        return RESOLVED.computeIfAbsent(List.copyOf(coordinates), c -> Maven.resolver()
                .loadPomFromFile(pom())
                .resolve(c)
                .withTransitivity()
                .asFile());
    }

    /** The packaged filter jar: the failsafe property, else the newest {@code target/mcpgate-filter-*.jar}. */
    public static File filterJar() {
        String configured = System.getProperty(FILTER_JAR_PROPERTY);
        File jar = configured != null ? new File(configured) : newestPackagedJar();
        if (jar == null || !jar.isFile()) {
            throw new IllegalStateException("The packaged filter jar " + (jar == null ? "" : jar + " ")
                    + "does not exist: run the integration tests after 'package' (mvn verify), "
                    + "or set -D" + FILTER_JAR_PROPERTY + "=<path to mcpgate-filter-<version>.jar>");
        }
        try (ZipFile zip = new ZipFile(jar)) {
            if (zip.getEntry("META-INF/web-fragment.xml") == null) {
                throw new IllegalStateException(jar + " has no META-INF/web-fragment.xml: nothing would "
                        + "register the filter in the test deployment");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return jar;
    }

    private static File newestPackagedJar() {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.map(Path::toFile)
                    .filter(f -> f.getName().matches("mcpgate-filter-.*\\.jar")
                            && !f.getName().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .max((a, b) -> Long.compare(a.lastModified(), b.lastModified()))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File pom() {
        String configured = System.getProperty(POM_PROPERTY);
        File pom = new File(configured != null ? configured : "pom.xml");
        if (!pom.isFile()) {
            throw new IllegalStateException("cannot find the filter-lib pom.xml (" + pom.getAbsolutePath()
                    + "); set -D" + POM_PROPERTY);
        }
        return pom;
    }

    /**
     * The deployment's URL with its context path. The Payara Micro adapter sometimes misses the
     * "deployed application" line of a freshly started instance (seen once in CI: the URL then named
     * the server root, and every request got Payara's 404 page); the context path is known, so it is
     * added when missing.
     */
    public static java.net.URL withContextPath(java.net.URL deploymentUrl) {
        String path = deploymentUrl.getPath();
        if (path.startsWith(CONTEXT_PATH)) {
            return deploymentUrl;
        }
        try {
            return new java.net.URL(deploymentUrl, CONTEXT_PATH + "/");
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
