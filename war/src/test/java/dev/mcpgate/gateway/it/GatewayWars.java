package dev.mcpgate.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.ToIntFunction;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployments of the gateway WAR ITs: THE packaged WAR of this module (the Tomcat flavour or the
 * full-profile one, as a user gets it), under another name, with settings added as context-params
 * to its {@code web.xml} — the way a user would configure it.
 */
final class GatewayWars {

    /** Which packaged WAR. */
    enum Flavour {
        TOMCAT("mcpgate.it.war"),
        FULL_PROFILE("mcpgate.it.war.full");

        private final String property;

        Flavour(String property) {
            this.property = property;
        }

        File file() {
            String path = System.getProperty(property);
            if (path == null || !new File(path).isFile()) {
                throw new IllegalStateException("the packaged WAR is missing (system property " + property
                        + " = " + path + "): run the ITs through Maven (mvn verify)");
            }
            return new File(path);
        }
    }

    private static final ArchivePath WEB_XML = org.jboss.shrinkwrap.api.ArchivePaths.create("WEB-INF/web.xml");

    private GatewayWars() {
    }

    /**
     * The packaged WAR as {@code name.war} (its context path), with {@code dev.mcpgate.gateway.upstream-url}
     * set when {@code upstreamUrl} is not {@code null}.
     */
    static WebArchive war(Flavour flavour, String name, String upstreamUrl) {
        WebArchive packaged = ShrinkWrap.createFromZipFile(WebArchive.class, flavour.file());
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war").merge(packaged);
        if (upstreamUrl != null) {
            withContextParam(war, "dev.mcpgate.gateway.upstream-url", upstreamUrl);
        }
        // each deployment its own embedded Derby: two class loaders cannot boot one database
        withContextParam(war, "dev.mcpgate.store-data-dir", temporaryDirectory("mcpgate-it-" + name));
        return war;
    }

    /**
     * Declares the store's data source {@code java:app/jdbc/mcpgate} in the WAR's {@code web.xml}:
     * embedded Derby (from {@code WEB-INF/lib}) in a new directory whose path contains {@code marker}.
     */
    static void withApplicationDataSource(WebArchive war, String marker) {
        String dataSource = "\n  <data-source>\n    <name>java:app/jdbc/mcpgate</name>\n"
                + "    <class-name>org.apache.derby.jdbc.EmbeddedDataSource</class-name>\n"
                + "    <database-name>" + temporaryDirectory(marker) + "/db</database-name>\n"
                + "    <property><name>createDatabase</name><value>create</value></property>\n  </data-source>\n";
        insertIntoWebXml(war, webXml -> webXml.lastIndexOf("</web-app>"), dataSource);
    }

    /** Adds a context-param to the WAR's {@code web.xml}. */
    static void withContextParam(WebArchive war, String name, String value) {
        String param = "\n  <context-param>\n    <param-name>" + name + "</param-name>\n    <param-value>" + value
                + "</param-value>\n  </context-param>\n";
        insertIntoWebXml(war, webXml -> webXml.indexOf("</display-name>") + "</display-name>".length(), param);
    }

    /** Replaces the WAR's {@code web.xml} with one that has {@code text} inserted where {@code position} says. */
    private static void insertIntoWebXml(WebArchive war, ToIntFunction<String> position, String text) {
        String webXml = read(war);
        int at = position.applyAsInt(webXml);
        war.delete(WEB_XML);
        war.add(new StringAsset(webXml.substring(0, at) + text + webXml.substring(at)), WEB_XML);
    }

    private static String temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(WebArchive war) {
        try (InputStream in = war.get(WEB_XML).getAsset().openStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
