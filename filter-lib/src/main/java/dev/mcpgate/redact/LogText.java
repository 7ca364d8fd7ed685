package dev.mcpgate.redact;

/**
 * Text from MCP clients and servers (tool names, session ids, request paths, error messages) made
 * safe to write into a log line: a name such as {@code "x\n12:00 SEVERE forged"} must not start a
 * line of its own. Every character that ends a line or controls a terminal is written as an escape:
 * {@code \n}, {@code \r}, {@code \t}, and {@code \}{@code uXXXX} for the other C0 controls, DEL, the
 * C1 controls (U+0085 NEXT LINE among them), U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
 * A backslash is doubled, so that an escape in the log always means one made here.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code value}'s text, escaped; {@code "null"} for {@code null}. */
    public static String escape(Object value) {
        String text = String.valueOf(value);
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Whether {@code c} is escaped in JSON-line logs too: control characters, DEL, C1, U+2028, U+2029. */
    public static boolean unsafe(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || unsafe(c)) {
                return i;
            }
        }
        return -1;
    }
}
