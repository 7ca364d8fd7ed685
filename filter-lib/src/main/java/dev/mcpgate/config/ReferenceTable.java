package dev.mcpgate.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A settings table of the README, between {@code <!-- <name>:start -->} and {@code <!-- <name>:end -->},
 * checked against a vocabulary: each row {@code | `key` | `default` | meaning |} (an empty default as
 * {@code ``} or {@code (empty)}). The tests of each component keep its table and its
 * {@link SettingDefinition}s in step with it, so that the reference is the code's.
 */
public final class ReferenceTable {

    private ReferenceTable() {
    }

    /**
     * What disagrees between the table {@code name} of {@code document} and {@code settings}: a
     * missing table, a blank line that cuts it, a setting without a row, a row without a setting, a
     * default the code does not have.
     * Empty when they agree.
     */
    public static List<String> problems(String document, String name, List<? extends SettingDefinition> settings) {
        int start = document.indexOf("<!-- " + name + ":start -->");
        int end = document.indexOf("<!-- " + name + ":end -->");
        if (start < 0 || end < start) {
            return List.of("no table marked <!-- " + name + ":start --> ... <!-- " + name + ":end -->");
        }
        String table = document.substring(start, end);
        Map<String, String> rows = rows(table);
        List<String> problems = new ArrayList<>();
        String body = table.substring(table.indexOf('\n') + 1).strip();
        if (body.contains("\n\n")) {
            problems.add("a blank line inside the table (Markdown ends the table there)");
        }
        for (SettingDefinition setting : settings) {
            String cell = rows.remove(setting.key());
            if (cell == null) {
                problems.add("no row for " + setting.key());
            } else if (!cell.equals("`" + setting.defaultValue() + "`")
                    && !(setting.defaultValue().isEmpty() && cell.equals("(empty)"))) {
                problems.add(setting.key() + ": default " + cell + " in the table, `" + setting.defaultValue()
                        + "` in the code");
            }
        }
        rows.keySet().forEach(key -> problems.add("a row for " + key + ", which is no setting"));
        return problems;
    }

    /** Each row's key and default cell, in order. */
    private static Map<String, String> rows(String table) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (cells.length > 3) {
                String key = cells[1].trim();
                rows.put(key.substring(1, key.length() - 1), cells[2].trim());
            }
        }
        return rows;
    }
}
