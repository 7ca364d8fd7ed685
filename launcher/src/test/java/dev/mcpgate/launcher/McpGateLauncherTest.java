package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class McpGateLauncherTest {

    private static String banner(String upstream, Properties system, Map<String, String> environment) {
        LauncherOptions options = new LauncherOptions(Path.of("/w/mcpgate-war.war"), 8080, "127.0.0.1",
                Path.of("/base"), "admin-pw", false, upstream, Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        McpGateLauncher.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), options, 8080, system,
                environment);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bannerShowsNeitherTheUpstreamNorTheStoreCredentials() {
        Properties system = new Properties();
        system.setProperty("mcpgate.store-jdbc-url", "jdbc:postgresql://db:5432/mcp?user=mcp&password=db-s3cret&ssl=true");
        String banner = banner("https://gw-user:gw-s3cret@mcp.example/mcp?token=t0ken", system, Map.of());

        for (String secret : List.of("gw-user", "gw-s3cret", "t0ken", "db-s3cret", "admin-pw")) {
            assertFalse(banner.contains(secret), secret + " in\n" + banner);
        }
        assertTrue(banner.contains("(gateway to https://***@mcp.example/mcp?token=***)"), banner);
        assertTrue(banner.contains("jdbc:postgresql://db:5432/mcp?user=***&password=***&ssl=true"), banner);
    }

    @Test
    void storeUrlFromTheEnvironmentIsShownRedactedToo() {
        String banner = banner(null, new Properties(),
                Map.of("MCPGATE_STORE_JDBC_URL", "jdbc:derby:/data/db;create=true;password=env-s3cret"));

        assertFalse(banner.contains("env-s3cret"), banner);
        assertTrue(banner.contains("jdbc:derby:/data/db;create=true;password=***"), banner);
    }
}
