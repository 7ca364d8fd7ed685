package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.concurrent.SchedulerProvider;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.tape.TapeRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInInterceptorsTest {

    @TempDir
    Path dir;
    private final SchedulerProvider scheduler = SchedulerProvider.own("builtins-test", 1);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private static McpGateConfig config(String... pairs) {
        Properties system = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            system.setProperty("mcpgate." + pairs[i], pairs[i + 1]);
        }
        return McpGateConfig.resolve("mcp", SettingSources.of(system, Map.of()));
    }

    /** The built-ins for {@code config}, with no registered services, no periodic work and no approvals. */
    private List<BuiltInInterceptors.Entry> create(McpGateConfig config) {
        return BuiltInInterceptors.create(config, getClass().getClassLoader(), (every, task) -> { }, null, null,
                scheduler.scheduler());
    }

    @Test
    void tapeDirStartsTheRecorderInTheRecordersPlaceAndCloseClosesItsTape() {
        Path tapes = dir.resolve("tapes");
        List<BuiltInInterceptors.Entry> builtIns = create(
                config("tape-dir", tapes.toString()));
        assertEquals(1, builtIns.size());
        assertEquals(BuiltInInterceptors.RECORDER_PRIORITY, builtIns.get(0).priority());
        assertInstanceOf(TapeRecorder.class, builtIns.get(0).interceptor());
        assertTrue(Files.isDirectory(tapes), "the tape directory is created at start");
        BuiltInInterceptors.close(builtIns);
    }

    @Test
    void withoutTapeDirOrWithTheKillSwitchNoRecorderStarts() {
        assertTrue(create(config()).isEmpty());
        assertTrue(create(config("tape-dir", dir.toString(), "interceptors", "off")).isEmpty());
    }

    @Test
    void aTapeDirThatCannotBeCreatedFailsNamingTheSetting() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(
                config("tape-dir", file.resolve("tapes").toString())));
        assertTrue(e.getMessage().startsWith("tape-dir='"), e.getMessage());
    }

    @Test
    void anInvalidTapeRedactFailsTheConfigurationNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("tape-redact", "/method"));
        assertTrue(e.getMessage().contains("tape-redact"), e.getMessage());
        assertTrue(e.getMessage().contains("must point into /params/, /result/ or /error/"), e.getMessage());
    }
}
