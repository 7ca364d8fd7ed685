package dev.mcpgate.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {

    private static final String ONE = "{\"rules\": [{\"name\": \"one\", \"action\": \"allow\"}]}";
    private static final String TWO = "{\"rules\": [{\"name\": \"one\", \"action\": \"allow\"}, "
            + "{\"name\": \"two\", \"action\": \"deny\"}]}";
    private static final String BROKEN = "{\"rules\": [{\"name\": \"one\", \"action\": \"permit\"}]}";

    @TempDir
    Path dir;

    @Test
    void anInvalidFileAtStartFailsWithEveryProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), BROKEN);
        RulesException e = assertThrows(RulesException.class, () -> RulesFile.load(file, "mcp"));
        assertTrue(e.getMessage().contains("rules[0] \"one\": action: must be one of"), e.getMessage());
        RulesException missing = assertThrows(RulesException.class,
                () -> RulesFile.load(dir.resolve("none.yaml"), "mcp"));
        assertTrue(missing.getMessage().contains("cannot be read (NoSuchFileException"), missing.getMessage());
    }

    @Test
    void aChangedValidFileReplacesTheRules() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.json"), ONE);
        RulesFile rules = RulesFile.load(file, "mcp");
        RuleSet first = rules.current();
        assertFalse(rules.check(), "unchanged");
        assertSame(first, rules.current());
        Files.writeString(file, TWO);
        assertTrue(rules.check());
        assertEquals(2, rules.current().size());
        assertEquals(1, rules.reloads());
    }

    @Test
    void aBrokenNewFileKeepsTheOldRulesSaysWhyAndIsCountedOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.json"), ONE);
        RulesFile rules = RulesFile.load(file, "mcp");
        RuleSet first = rules.current();
        Files.writeString(file, BROKEN);
        assertFalse(rules.check());
        assertFalse(rules.check());
        assertSame(first, rules.current());
        assertEquals(1, rules.failures());
        assertTrue(rules.lastProblem().contains("action: must be one of"), rules.lastProblem());
        Files.delete(file);
        assertFalse(rules.check());
        assertEquals(2, rules.failures());
        assertSame(first, rules.current());
        Files.writeString(file, TWO);
        assertTrue(rules.check());
        assertNull(rules.lastProblem());
    }
}
