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
    void passesEveryMcpgatePropertyOnAndNothingElse() {
        Properties system = new Properties();
        system.setProperty("mcpgate.port", "9090");
        system.setProperty("mcpgate.store-jdbc-url", "jdbc:postgresql://db/mcp gate");
        system.setProperty("maven.home", "/usr/share/maven");
        system.setProperty("java.home", "/opt/jdk");

        List<String> command = MavenRun.command(Path.of("l.jar"), "w.war", "/base", system);

        assertEquals(Path.of("/opt/jdk", "bin", "java").toString(), command.get(0));
        assertTrue(command.contains("-Dmcpgate.port=9090"), command.toString());
        assertTrue(command.contains("-Dmcpgate.store-jdbc-url=jdbc:postgresql://db/mcp gate"), command.toString());
        assertTrue(command.contains("-Dcatalina.base=/base"), command.toString());
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-Dmaven.")), command.toString());
        assertEquals(List.of("-jar", "l.jar", "w.war"), command.subList(command.size() - 3, command.size()));
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
    void passwordsGoToTheServerThroughItsEnvironmentNotItsCommandLine() {
        Properties system = new Properties();
        system.setProperty("java.home", "/opt/jdk");
        system.setProperty("mcpgate.store-password", "s3cret");
        system.setProperty("mcpgate.store-user", "mcp");

        List<String> command = MavenRun.command(Path.of("l.jar"), "w.war", "/base", system);

        assertFalse(command.stream().anyMatch(a -> a.contains("s3cret")), command.toString());
        assertTrue(command.contains("-Dmcpgate.store-user=mcp"), command.toString());
        assertEquals(Map.of("MCPGATE_STORE_PASSWORD", "s3cret"), MavenRun.secretEnvironment(system));
    }
}
