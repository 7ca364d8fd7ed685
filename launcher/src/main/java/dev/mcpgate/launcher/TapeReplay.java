package dev.mcpgate.launcher;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code java -jar mcpgate-launcher.jar replay <tape.jsonl> --url <MCP URL> [--fast] [--header "Name: value"]...
 * [--timeout PT30S]}: plays a recorder's tape against an MCP server and prints how each answer differs from
 * the recorded one. Lines are sent in the order of their {@code time}, with the recorded pauses between
 * them, or one after the other with {@code --fast}.
 *
 * <p>Sessions (legacy era): a recorded {@code initialize} is sent as recorded and its new session serves
 * the next recorded session that is not yet mapped; a recorded session whose {@code initialize} is not on
 * the tape gets its own ({@code initialize} with the line's protocol version, then
 * {@code notifications/initialized}). 2026-07-28 lines are sent with their recorded {@code MCP-Protocol-Version},
 * {@code Mcp-Method} and {@code Mcp-Name} headers. Redacted headers are not sent (give them with
 * {@code --header}); redacted params are sent as {@code "[redacted]"}.
 *
 * <p>Exit codes: {@value #EQUAL} every answer equal, {@value #DIFFERENT} at least one differs,
 * {@value #FAILED} bad arguments, an unreadable tape, or a server that could not be reached.
 */
final class TapeReplay {

    static final int EQUAL = 0;
    static final int DIFFERENT = 1;
    static final int FAILED = 2;
    static final String USAGE = "usage: java -jar mcpgate-launcher.jar replay <tape.jsonl> --url <MCP URL> [--fast]"
            + " [--header \"Name: value\"]... [--timeout PT30S]";

    private final ReplayOptions options;
    private final PrintStream out;

    TapeReplay(ReplayOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the command line after {@code replay}; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        ReplayOptions options;
        List<TapeLine> lines;
        try {
            options = ReplayOptions.parse(args);
            lines = read(options.tape());
        } catch (IllegalArgumentException | IOException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return FAILED;
        }
        try {
            return new TapeReplay(options, out).replay(lines);
        } catch (IOException e) {
            err.println("replay: " + options.url() + ": " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** One line of a tape and where it was. */
    record TapeLine(int number, JsonObject json, Instant time) {
    }

    /** The tape's lines in the order of their time (the file has them in the order the answers ended). */
    static List<TapeLine> read(Path tape) throws IOException {
        List<TapeLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(tape, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    lines.add(parse(tape, number, text));
                }
            }
        }
        lines.sort(Comparator.comparing(TapeLine::time).thenComparingInt(TapeLine::number));
        return lines;
    }

    private static TapeLine parse(Path tape, int number, String text) {
        try {
            JsonObject json = Json.createReader(new StringReader(text)).readObject();
            return new TapeLine(number, json, Instant.parse(json.getString("time")));
        } catch (JsonException | ClassCastException | NullPointerException | java.time.DateTimeException e) {
            throw new IllegalArgumentException(tape + " line " + number + " is not a tape line: " + e.getMessage());
        }
    }

    int replay(List<TapeLine> lines) throws IOException, InterruptedException {
        ReplayClient client = new ReplayClient(options);
        long startNanos = System.nanoTime();
        Instant first = lines.isEmpty() ? null : lines.get(0).time();
        int requests = 0;
        int different = 0;
        for (TapeLine line : lines) {
            if (!options.fast()) {
                pause(startNanos, Duration.between(first, line.time()));
            }
            JsonObject replayed = client.send(line.json());
            if (replayed == null) {
                continue; // a notification: no answer to compare
            }
            requests++;
            if (!report(line, replayed)) {
                different++;
            }
        }
        out.printf("replayed %d lines (%d requests) against %s: %d answers differ%n", lines.size(), requests,
                options.url(), different);
        return different == 0 ? EQUAL : DIFFERENT;
    }

    /** Prints the difference, if any; returns whether the answers are equal. */
    private boolean report(TapeLine line, JsonObject replayed) {
        JsonObject recorded = AnswerDiff.recorded(line.json());
        JsonPatch patch = AnswerDiff.diff(recorded, replayed);
        if (patch.toJsonArray().isEmpty()) {
            return true;
        }
        out.printf("line %d %s id=%s differs:%n", line.number(), line.json().getString("method"),
                line.json().get("id"));
        AnswerDiff.describe(patch, recorded).forEach(change -> out.println("  " + change));
        return false;
    }

    private static void pause(long startNanos, Duration offset) throws InterruptedException {
        long waitNanos = startNanos + offset.toNanos() - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
