package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration reference and the {@link Setting} vocabulary in step. */
class ReadmeSettingsTest {

    @Test
    void readmeListsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> missing = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String row = "| `" + setting.key() + "` | `" + setting.defaultValue() + "` |";
            if (!readme.contains(row)) {
                missing.add(row);
            }
        }
        assertTrue(missing.isEmpty(), "README.md lacks the configuration rows " + missing);
    }

    @Test
    void readmeListsNoSettingThatDoesNotExist() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("<!-- settings:start -->");
        int end = readme.indexOf("<!-- settings:end -->");
        assertTrue(start >= 0 && end > start, "README.md must mark its settings table with settings:start/end comments");
        List<String> unknown = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                String key = line.substring(3, line.indexOf('`', 3));
                if (Setting.byKey(key).isEmpty()) {
                    unknown.add(key);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "README.md documents settings that do not exist: " + unknown);
    }
}
