package dev.mcpgate.bench.jmh;

import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
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
 * {@link SseParser} on a long SDK-shaped stream (100 progress notifications + the result, ~21 KiB),
 * fed in the chunk size a servlet's flushes produce: one op = the whole stream with a new parser.
 * {@code parse} hands each event to a listener that only consumes it; {@code parseAndRead} also
 * reads each event's envelope, as the filter's response tap does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseParserBench {

    @Param({"256"})
    public int chunk;

    @Param({"100"})
    public int progress;

    private byte[] stream;

    @Setup
    public void setUp() {
        stream = Messages.longSseStream(progress);
    }

    @Benchmark
    public long parse(Blackhole bh) {
        SseParser parser = new SseParser(4 * 1024 * 1024, (id, event, data) -> bh.consume(data));
        feed(parser);
        return parser.events();
    }

    @Benchmark
    public long parseAndRead(Blackhole bh) {
        SseListener listener = (id, event, data) -> bh.consume(EnvelopeReader.read(data));
        SseParser parser = new SseParser(4 * 1024 * 1024, listener);
        feed(parser);
        return parser.events();
    }

    private void feed(SseParser parser) {
        for (int at = 0; at < stream.length; at += chunk) {
            parser.feed(stream, at, Math.min(chunk, stream.length - at));
        }
        parser.finish();
    }
}
