package dev.mcpgate.rules;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;

/**
 * What an argument must be for a rule to match (the values of {@code match.arguments}): a JSON value
 * it equals (numbers compare by value: {@code 1} equals {@code 1.0}), a string matching a glob or a
 * regular expression (the whole string), or present / absent.
 */
sealed interface ValueCondition {

    /** Whether the argument ({@code null} when absent) satisfies the condition. */
    boolean test(JsonValue value);

    /** The argument equals this JSON value. */
    record Equals(JsonValue expected) implements ValueCondition {
        @Override
        public boolean test(JsonValue value) {
            if (value == null) {
                return false;
            }
            if (expected instanceof JsonNumber e && value instanceof JsonNumber v) {
                return e.bigDecimalValue().compareTo(v.bigDecimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }

    /** The argument is a string matching the glob. */
    record MatchesGlob(Glob glob) implements ValueCondition {
        @Override
        public boolean test(JsonValue value) {
            return value instanceof JsonString s && glob.matches(s.getString());
        }
    }

    /** The argument is a string that the regular expression matches whole. */
    record MatchesRegex(Pattern regex) implements ValueCondition {
        @Override
        public boolean test(JsonValue value) {
            return value instanceof JsonString s && regex.matcher(s.getString()).matches();
        }
    }

    /** The argument is present ({@code true}) or absent ({@code false}); JSON {@code null} is present. */
    record Exists(boolean present) implements ValueCondition {
        @Override
        public boolean test(JsonValue value) {
            return (value != null) == present;
        }
    }
}
