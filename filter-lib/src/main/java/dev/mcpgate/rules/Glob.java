package dev.mcpgate.rules;

/**
 * A name pattern of the rules file: {@code *} stands for any run of characters (also none), {@code ?}
 * for one character, everything else for itself (case-sensitive, as MCP names are). Matching allocates
 * nothing: it runs on the request thread for every rule.
 *
 * @param pattern the pattern as written in the file
 */
record Glob(String pattern) {

    /** Whether {@code text} matches; {@code null} never does. */
    boolean matches(String text) {
        if (text == null) {
            return false;
        }
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && c == '*') {
                starP = p++;
                starT = t;
            } else if (p < pattern.length() && (c == '?' || c == text.charAt(t))) {
                p++;
                t++;
            } else if (starP >= 0) {
                // the last star takes one more character; retry from after it
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
