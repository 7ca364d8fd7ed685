package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SseBoundaryTest {

    /** Whether each prefix of {@code stream} ends at an event boundary, as a string of 0 and 1. */
    private static String boundaries(String stream) {
        SseBoundary boundary = new SseBoundary();
        StringBuilder seen = new StringBuilder();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            boundary.feed(bytes, i, 1);
            seen.append(boundary.atBoundary() ? '1' : '0');
        }
        return seen.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "d:x\\n\\n|00001",
            "d:x\\r\\n\\r\\n|0000011",
            "d:x\\r\\r|00001",
            "d:x\\n\\r\\n|000011",
            "d:x\\r\\n\\n|000001",
            "\\n\\nd:x\\n|110000",
            "d:x\\nd:y\\n\\nd|0000000010",
    })
    void blankLineEndsAnEventWhateverItsLineEnds(String escaped, String expected) {
        assertEquals(expected, boundaries(escaped.replace("\\n", "\n").replace("\\r", "\r")));
    }

    @org.junit.jupiter.api.Test
    void nothingSentIsABoundaryAndChunksMayEndAnywhere() {
        SseBoundary boundary = new SseBoundary();
        assertEquals(true, boundary.atBoundary());
        byte[] event = "event: tick\r\ndata: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        boundary.feed(event, 0, event.length - 2); // up to the CRLF of the data line
        assertEquals(false, boundary.atBoundary());
        boundary.feed(event, event.length - 2, 2);
        assertEquals(true, boundary.atBoundary());
    }
}
