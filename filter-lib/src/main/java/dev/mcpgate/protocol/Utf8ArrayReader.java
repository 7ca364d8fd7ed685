package dev.mcpgate.protocol;

import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@link Reader} over UTF-8 bytes already in memory, decoding straight into the reader's
 * caller's buffer.
 *
 * <p>{@link java.io.InputStreamReader} would copy the bytes through an 8 KiB buffer of its own,
 * allocated for every reader: for a short JSON-RPC message that buffer is most of the cost of
 * reading it. Malformed input becomes U+FFFD, exactly as with {@code InputStreamReader} and
 * {@code new String(bytes, UTF_8)}; nothing here throws for any byte sequence.
 */
final class Utf8ArrayReader extends Reader {

    private final ByteBuffer input;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Holds the low half of a surrogate pair when the caller had room for one char only. */
    private CharBuffer spill;
    private boolean decoded;

    Utf8ArrayReader(byte[] bytes, int offset, int length) {
        this.input = ByteBuffer.wrap(bytes, offset, length);
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (spill != null && spill.hasRemaining()) {
            buffer[offset] = spill.get();
            return 1;
        }
        if (decoded) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        decode(out);
        int count = out.position() - offset;
        if (count == 0 && !decoded) {
            return readThroughSpill(buffer, offset);
        }
        return count == 0 ? -1 : count;
    }

    /** Decodes what fits; marks the input done once every byte has become a char. */
    private void decode(CharBuffer out) {
        CoderResult result = decoder.decode(input, out, true);
        if (result.isUnderflow() && decoder.flush(out).isUnderflow()) {
            decoded = true;
        }
    }

    /** The caller has room for one char, and the next code point needs two. */
    private int readThroughSpill(char[] buffer, int offset) {
        if (spill == null) {
            spill = CharBuffer.allocate(2);
        }
        spill.clear();
        decode(spill);
        spill.flip();
        if (!spill.hasRemaining()) {
            return -1;
        }
        buffer[offset] = spill.get();
        return 1;
    }

    @Override
    public void close() {
        decoded = true;
    }
}
