package dev.mcpgate.tape;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonPointer;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a tape never shows: the values of some headers and of some members of a tape line, replaced by
 * {@value #MASK}. The setting {@code tape-redact} lists them, comma-separated: an entry that starts with
 * {@code /} is a JSON Pointer into the tape line and must point into its {@code params}, {@code result} or
 * {@code error} ({@code /params/arguments/password}, {@code /result/structuredContent/token}); any other
 * entry is a header name (case-insensitive). {@code Authorization} and {@code Cookie} are always redacted.
 * A pointer whose target is absent in a line changes nothing. Immutable; thread-safe.
 */
public final class TapeRedaction {

    /** What replaces a redacted value. */
    public static final String MASK = "[redacted]";

    /** Headers redacted whatever the setting says. */
    public static final Set<String> ALWAYS = Set.of("authorization", "cookie");

    private static final List<String> POINTER_ROOTS = List.of("/params/", "/result/", "/error/");
    private static final JsonString MASKED = Json.createValue(MASK);

    private final Set<String> headers;
    private final List<JsonPointer> pointers;
    private final List<String> pointerTexts;

    private TapeRedaction(Set<String> headers, List<String> pointerTexts) {
        this.headers = Set.copyOf(headers);
        this.pointerTexts = List.copyOf(pointerTexts);
        this.pointers = pointerTexts.stream().map(Json::createPointer).toList();
    }

    /** Only the headers redacted always. */
    public static TapeRedaction defaults() {
        return parse("");
    }

    /**
     * Parses {@code tape-redact}.
     *
     * @throws IllegalArgumentException naming every entry that is neither a header name nor a pointer into
     *                                  {@code params}, {@code result} or {@code error}
     */
    public static TapeRedaction parse(String value) {
        Set<String> headers = new LinkedHashSet<>(ALWAYS);
        List<String> pointers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String part : value.split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("/")) {
                checkPointer(entry, problems);
                pointers.add(entry);
            } else if (entry.chars().allMatch(TapeRedaction::isTokenChar)) {
                headers.add(entry.toLowerCase(Locale.ROOT));
            } else {
                problems.add("'" + entry + "' is neither a header name nor a JSON Pointer");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TapeRedaction(headers, pointers);
    }

    private static void checkPointer(String entry, List<String> problems) {
        if (POINTER_ROOTS.stream().noneMatch(entry::startsWith)) {
            problems.add("'" + entry + "' must point into /params/, /result/ or /error/");
            return;
        }
        if (entry.replace("~0", "").replace("~1", "").indexOf('~') >= 0) {
            problems.add("'" + entry + "' is not a JSON Pointer (~ must be followed by 0 or 1)");
        }
    }

    /** RFC 9110 token characters: what a header name may hold. */
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Whether the value of this header is redacted. */
    public boolean redactsHeader(String name) {
        return headers.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The header names redacted (lower case), the ones redacted always first. */
    public Set<String> headers() {
        return headers;
    }

    /** The line with the value at every pointer that exists in it replaced by {@value #MASK}. */
    public JsonObject apply(JsonObject line) {
        JsonObject out = line;
        for (JsonPointer pointer : pointers) {
            if (contains(pointer, out)) {
                out = pointer.replace(out, MASKED);
            }
        }
        return out;
    }

    /** Whether the pointer's target exists; Parsson throws, rather than answers false, when a parent is missing. */
    private static boolean contains(JsonPointer pointer, JsonObject line) {
        try {
            return pointer.containsValue(line);
        } catch (JsonException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(headers);
        all.addAll(pointerTexts);
        return String.join(",", all);
    }

    /** Whether a value is the mask (a redacted value in a tape being replayed). */
    public static boolean isMask(JsonValue value) {
        return value instanceof JsonString s && MASK.equals(s.getString());
    }
}
