package dev.mcpgate.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads SSE text into its items in wire order: comment lines and events (the fields a test looks
 * at: {@code id}, {@code retry}, the joined {@code data} lines), as the SSE standard dispatches
 * them — an event ends at a blank line; an incomplete last event is left out.
 */
public final class SseText {

    /**
     * A comment line (then {@code comment} is its text after the colon, the others null) or an
     * event (then {@code comment} is null; a field the event lacks is null, {@code data} of
     * {@code "data: "} is the empty string).
     */
    public record Item(String comment, String id, String retry, String data) {
        public boolean isComment() {
            return comment != null;
        }

        @Override
        public String toString() {
            return isComment() ? ":" + comment : "[id=" + id + (retry == null ? "" : " retry=" + retry) + "] " + data;
        }
    }

    private SseText() {
    }

    /** The items of {@code text}. */
    public static List<Item> parse(String text) {
        List<Item> items = new ArrayList<>();
        String id = null;
        String retry = null;
        StringBuilder data = null;
        boolean any = false;
        for (String line : text.split("\r\n|\n|\r", -1)) {
            if (line.isEmpty()) {
                if (any) {
                    items.add(new Item(null, id, retry, data == null ? null : data.toString()));
                }
                id = null;
                retry = null;
                data = null;
                any = false;
                continue;
            }
            if (line.startsWith(":")) {
                items.add(new Item(line.substring(1).strip(), null, null, null));
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "retry" -> retry = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // event, or anything else: not looked at
            }
            any = true;
        }
        return items;
    }

    /** The events of {@code text}, comments left out. */
    public static List<Item> events(String text) {
        return parse(text).stream().filter(i -> !i.isComment()).toList();
    }
}
