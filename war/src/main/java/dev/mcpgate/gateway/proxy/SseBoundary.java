package dev.mcpgate.gateway.proxy;

/**
 * Follows the line structure of an SSE stream as it is relayed, to tell whether what has been sent
 * so far ends with a whole event (a blank line), so that the gateway can close a stream without
 * cutting an event in two. Lines end with CRLF, LF or CR, as the SSE format allows.
 *
 * <p>Not thread-safe: fed by the thread that relays the stream.
 */
final class SseBoundary {

    private boolean lineEmpty = true;
    private boolean afterCarriageReturn;
    private boolean atBoundary = true;

    /** Takes the next bytes sent to the client. */
    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false; // the LF of a CRLF: that line has ended already
            } else if (b == '\n' || b == '\r') {
                afterCarriageReturn = b == '\r';
                atBoundary |= lineEmpty; // a blank line ends the event
                lineEmpty = true;
            } else {
                afterCarriageReturn = false;
                lineEmpty = false;
                atBoundary = false;
            }
        }
    }

    /** Whether the bytes so far end with a whole event (or are none). */
    boolean atBoundary() {
        return atBoundary;
    }
}
