package dev.mcpgate.bench.jmh;

import dev.mcpgate.protocol.SseParser;
import dev.mcpgate.protocol.SseTextParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the response tap does with an event stream a servlet writes through {@code getWriter()}, one
 * {@code write(String)} per event as the MCP Java SDK and the harness's floor servlet write them
 * (the stream of {@link SseParserBench}, 101 events): {@code encodeThenParse} is the old path (each
 * write encoded to UTF-8 and fed to {@link SseParser}, which decodes the data back into a string),
 * {@code parseText} the new one ({@link SseTextParser} reads the written strings). One op = the
 * whole stream with a new parser; each event's data is consumed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseWriterPathBench {

    @Param({"100"})
    public int progress;

    private String[] writes;

    @Setup
    public void setUp() {
        String stream = new String(Messages.longSseStream(progress), StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        int at = 0;
        while (at < stream.length()) {
            int end = stream.indexOf("\n\n", at) + 2;
            events.add(stream.substring(at, end));
            at = end;
        }
        writes = events.toArray(String[]::new);
    }

    @Benchmark
    public long encodeThenParse(Blackhole bh) {
        SseParser parser = new SseParser(4 * 1024 * 1024, (id, event, data) -> bh.consume(data));
        for (String write : writes) {
            byte[] bytes = write.getBytes(StandardCharsets.UTF_8);
            parser.feed(bytes, 0, bytes.length);
        }
        parser.finish();
        return parser.events();
    }

    @Benchmark
    public long parseText(Blackhole bh) {
        SseTextParser parser = new SseTextParser(4 * 1024 * 1024, (id, event, data) -> bh.consume(data));
        for (String write : writes) {
            parser.feed(write);
        }
        parser.finish();
        return parser.events();
    }
}
