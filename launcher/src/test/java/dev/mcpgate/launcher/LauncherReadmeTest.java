package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.config.ReferenceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's table of the launcher's settings and {@link LauncherSetting} in step. */
class LauncherReadmeTest {

    @Test
    void readmeListsEveryLauncherSettingWithItsDefaultAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertEquals(List.of(), ReferenceTable.problems(readme, "launcher-settings", List.of(LauncherSetting.values())));
    }
}
