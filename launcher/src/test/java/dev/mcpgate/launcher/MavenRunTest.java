package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MavenRunTest {

    @Test
    void passesEveryMcpgatePropertyOnAsItsEnvironmentVariableAndNothingElse() {
        Properties system = new Properties();
        system.setProperty("mcpgate.port", "9090");
        system.setProperty("mcpgate.store-jdbc-url", "jdbc:postgresql://db/mcp gate");
        system.setProperty("maven.home", "/usr/share/maven");
        system.setProperty("java.home", "/opt/jdk");

        List<String> command = MavenRun.command(Path.of("l.jar"), "w.war", "/base", system);

        assertEquals(Path.of("/opt/jdk", "bin", "java").toString(), command.get(0));
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-Dmcpgate.")
                && !a.startsWith("-D" + McpGateLauncher.PARENT_PID_PROPERTY + "=")), command.toString());
        assertTrue(command.contains("-Dcatalina.base=/base"), command.toString());
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-Dmaven.")), command.toString());
        assertEquals(List.of("-jar", "l.jar", "w.war"), command.subList(command.size() - 3, command.size()));
        assertEquals(Map.of("MCPGATE_PORT", "9090", "MCPGATE_STORE_JDBC_URL", "jdbc:postgresql://db/mcp gate"),
                MavenRun.serverEnvironment(system));
    }

    @Test
    void catalinaBaseFromTheCommandLineWins() {
        Properties system = new Properties();
        system.setProperty("java.home", "/opt/jdk");
        system.setProperty("catalina.base", "/srv/mine");

        List<String> command = MavenRun.command(Path.of("l.jar"), "w.war", "/base", system);

        assertTrue(command.contains("-Dcatalina.base=/srv/mine"), command.toString());
        assertFalse(command.contains("-Dcatalina.base=/base"), command.toString());
    }

    @Test
    void credentialsInUrlsAndPasswordsGoToTheServerThroughItsEnvironmentNotItsCommandLine() {
        Properties system = new Properties();
        system.setProperty("java.home", "/opt/jdk");
        system.setProperty("mcpgate.store-password", "s3cret");
        system.setProperty("mcpgate.store-user", "mcp");
        system.setProperty("mcpgate.store-jdbc-url", "jdbc:postgresql://mcp:pw1@db/mcp?password=pw2");
        system.setProperty("mcpgate.upstream-url", "https://u:pw3@mcp.example/mcp?token=pw4");

        List<String> command = MavenRun.command(Path.of("l.jar"), "w.war", "/base", system);

        assertFalse(command.stream().anyMatch(a -> a.matches(".*(s3cret|pw1|pw2|pw3|pw4).*")), command.toString());
        assertEquals(Map.of("MCPGATE_STORE_PASSWORD", "s3cret", "MCPGATE_STORE_USER", "mcp",
                "MCPGATE_STORE_JDBC_URL", "jdbc:postgresql://mcp:pw1@db/mcp?password=pw2",
                "MCPGATE_UPSTREAM_URL", "https://u:pw3@mcp.example/mcp?token=pw4"), MavenRun.serverEnvironment(system));
    }

    /**
     * The server reads each mcpgate.&lt;name&gt; setting from MCPGATE_&lt;NAME&gt; too (the filter's
     * McpGateConfig, the WAR's GatewayConfig, LauncherOptions): every filter setting's property
     * becomes the variable the filter reads.
     */
    @Test
    void environmentVariableNamesAreTheOnesTheServerReads() {
        for (dev.mcpgate.Setting setting : dev.mcpgate.Setting.values()) {
            Properties system = new Properties();
            system.setProperty(setting.systemProperty(), "v");
            assertEquals(Map.of(setting.environmentVariable(), "v"), MavenRun.serverEnvironment(system),
                    setting.systemProperty());
        }
        Properties system = new Properties();
        system.setProperty(LauncherOptions.ADDRESS_PROPERTY, "0.0.0.0");
        system.setProperty(LauncherOptions.UPSTREAM_PROPERTY, "http://h/mcp");
        assertEquals(Map.of(LauncherSetting.ADDRESS.environmentVariables().get(0), "0.0.0.0", "MCPGATE_UPSTREAM_URL", "http://h/mcp"),
                MavenRun.serverEnvironment(system));
    }
}
