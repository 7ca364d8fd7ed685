package dev.mcpgate.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertTrue(new Glob("delete_*").matches("delete_"));
        assertTrue(new Glob("delete_*").matches("delete_all"));
        assertFalse(new Glob("delete_*").matches("undelete_all"));
        assertTrue(new Glob("*_file*").matches("read_file_v2"));
        assertTrue(new Glob("a*b*c").matches("aXXbYYbZc"));
        assertFalse(new Glob("a*b*c").matches("aXXbYYbZ"));
        assertTrue(new Glob("v?").matches("v2"));
        assertFalse(new Glob("v?").matches("v"));
        assertTrue(new Glob("*").matches(""));
    }

    @Test
    void everythingElseMatchesItselfCaseSensitively() {
        assertTrue(new Glob("file:///etc/*").matches("file:///etc/passwd"));
        assertFalse(new Glob("Search").matches("search"));
        assertFalse(new Glob("search").matches(null));
        assertTrue(new Glob("a.b").matches("a.b"));
        assertFalse(new Glob("a.b").matches("axb"));
    }
}
