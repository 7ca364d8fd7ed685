package dev.mcpgate.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code replay}: the tape, {@code --url} (required, http or https), {@code --fast},
 * {@code --header "Name: value"} (repeatable; sent with every request, for the credentials a tape never
 * holds) and {@code --timeout} (ISO-8601, per answer, default {@code PT30S}).
 */
record ReplayOptions(Path tape, URI url, boolean fast, List<String[]> headers, Duration timeout) {

    static ReplayOptions parse(List<String> args) {
        Path tape = null;
        URI url = null;
        boolean fast = false;
        List<String[]> headers = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(30);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--fast" -> fast = true;
                case "--url" -> url = url(value(args, ++i, arg));
                case "--header" -> headers.add(header(value(args, ++i, arg)));
                case "--timeout" -> timeout = timeout(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--") || tape != null) {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                    }
                    tape = Path.of(arg);
                }
            }
        }
        if (tape == null || url == null) {
            throw new IllegalArgumentException(tape == null ? "no tape given" : "no --url given");
        }
        if (!Files.isReadable(tape)) {
            throw new IllegalArgumentException("cannot read the tape " + tape);
        }
        return new ReplayOptions(tape, url, fast, List.copyOf(headers), timeout);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static URI url(String value) {
        URI uri = URI.create(value);
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--url must be an http or https URL: " + value);
        }
        return uri;
    }

    private static String[] header(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--header must be 'Name: value': " + value);
        }
        return new String[] {value.substring(0, colon).strip(), value.substring(colon + 1).strip()};
    }

    private static Duration timeout(String value) {
        try {
            Duration timeout = Duration.parse(value);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("--timeout must be positive: " + value);
            }
            return timeout;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--timeout must be an ISO-8601 duration (PT30S): " + value);
        }
    }
}
