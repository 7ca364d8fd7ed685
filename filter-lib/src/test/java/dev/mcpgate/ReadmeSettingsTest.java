package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.config.ReferenceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration reference and the {@link Setting} vocabulary in step. */
class ReadmeSettingsTest {

    @Test
    void readmeListsEverySettingWithItsDefaultAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertEquals(List.of(), ReferenceTable.problems(readme, "settings", List.of(Setting.values())));
    }

    @Test
    void aTableThatDisagreesIsReported() {
        String table = "<!-- t:start -->\n| setting | default | what |\n|---|---|---|\n"
                + "| `enabled` | `false` | x |\n| `queue-capacity` | `10000` | x |\n| `no-such` | `1` | x |\n"
                + "| `endpoint-name` | (empty) | x |\n<!-- t:end -->";
        assertEquals(List.of("enabled: default `false` in the table, `true` in the code", "no row for mode",
                "a row for no-such, which is no setting"), ReferenceTable.problems(table, "t",
                List.of(Setting.ENABLED, Setting.QUEUE_CAPACITY, Setting.MODE, Setting.ENDPOINT_NAME)));
        assertEquals(List.of("a blank line inside the table (Markdown ends the table there)"),
                ReferenceTable.problems(table.replace("| `queue-capacity`", "\n| `queue-capacity`"), "t",
                        List.of(Setting.ENABLED, Setting.QUEUE_CAPACITY, Setting.ENDPOINT_NAME, Setting.MODE))
                        .subList(0, 1));
        assertEquals(List.of("no table marked <!-- u:start --> ... <!-- u:end -->"),
                ReferenceTable.problems(table, "u", List.of(Setting.ENABLED)));
    }
}
