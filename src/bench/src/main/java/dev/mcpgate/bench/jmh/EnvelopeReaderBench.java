package dev.mcpgate.bench.jmh;

import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EnvelopeReader#read(byte[])} on representative messages, and {@link EnvelopeReader#read(String)}
 * on them as text (how the filter reads an answer its servlet writes through {@code getWriter()}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeReaderBench {

    @Param({"small-call", "initialize", "tool-answer", "tools-list-200"})
    public String message;

    private byte[] bytes;
    private String text;

    @Setup
    public void setUp() {
        String json = switch (message) {
            case "small-call" -> Messages.SMALL_CALL;
            case "initialize" -> Messages.INITIALIZE;
            case "tool-answer" -> Messages.TOOL_ANSWER;
            case "tools-list-200" -> Messages.toolsList(200);
            default -> throw new IllegalArgumentException(message);
        };
        text = json;
        bytes = json.getBytes(StandardCharsets.UTF_8);
        if (EnvelopeReader.read(bytes).kind() == null) {
            throw new IllegalStateException("no kind");
        }
    }

    @Benchmark
    public JsonRpcEnvelope read() {
        return EnvelopeReader.read(bytes);
    }

    @Benchmark
    public JsonRpcEnvelope readText() {
        return EnvelopeReader.read(text);
    }
}
