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
 * reading it. ASCII bytes are copied as they are; a {@link CharsetDecoder} is made only when a
 * byte is not ASCII. Malformed input becomes U+FFFD, exactly as with {@code InputStreamReader} and
 * {@code new String(bytes, UTF_8)}; nothing here throws for any byte sequence.
 *
 * <p>It can leave out byte ranges ({@link SkipPlan}): each must start and end next to an ASCII
 * byte, so that no UTF-8 sequence of well-formed text is cut.
 */
final class Utf8ArrayReader extends Reader {

    private static final int[] NONE = new int[0];

    private final byte[] bytes;
    private final int end;
    /** Pairs {@code [from, to)} of bytes left out, ascending. */
    private final int[] hidden;
    private int nextHidden;
    private int pos;
    /** Where the current run of bytes read ends: the next hidden range or {@link #end}. */
    private int limit;
    private CharsetDecoder decoder;
    /** Holds the low half of a surrogate pair when the caller had room for one char only. */
    private CharBuffer spill;

    Utf8ArrayReader(byte[] bytes, int offset, int length) {
        this(bytes, offset, length, NONE);
    }

    Utf8ArrayReader(byte[] bytes, int offset, int length, int[] hidden) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.pos = offset;
        this.end = offset + length;
        this.hidden = hidden;
        this.limit = hidden.length > 0 ? hidden[0] : end;
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
        int n = 0;
        while (n < length) {
            if (pos == limit && !nextRun()) {
                break;
            }
            byte b = bytes[pos];
            if (b >= 0) {
                buffer[offset + n++] = (char) b;
                pos++;
                continue;
            }
            int decoded = decode(buffer, offset + n, length - n);
            if (decoded == 0) {
                if (n > 0) {
                    break; // no room for a surrogate pair; the next call deals with it
                }
                return readThroughSpill(buffer, offset);
            }
            n += decoded;
        }
        return n == 0 ? -1 : n;
    }

    /** Moves past a hidden range; {@code false} at the end of the bytes. */
    private boolean nextRun() {
        if (nextHidden >= hidden.length) {
            return false;
        }
        pos = hidden[nextHidden + 1];
        nextHidden += 2;
        limit = nextHidden < hidden.length ? hidden[nextHidden] : end;
        return pos < limit || nextRun();
    }

    /** Decodes from {@link #pos} up to {@link #limit} into the room given; answers the chars made. */
    private int decode(char[] buffer, int offset, int length) {
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        decodeInto(out);
        return out.position() - offset;
    }

    private void decodeInto(CharBuffer out) {
        ByteBuffer in = ByteBuffer.wrap(bytes, pos, limit - pos);
        decoder.reset();
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            decoder.flush(out);
        }
        pos = in.position();
    }

    /** The caller has room for one char, and the next code point needs two. */
    private int readThroughSpill(char[] buffer, int offset) {
        if (spill == null) {
            spill = CharBuffer.allocate(2);
        }
        spill.clear();
        ByteBuffer in = ByteBuffer.wrap(bytes, pos, Math.min(limit - pos, 4));
        decoder.reset();
        decoder.decode(in, spill, false);
        pos = in.position();
        spill.flip();
        if (!spill.hasRemaining()) {
            return -1;
        }
        buffer[offset] = spill.get();
        return 1;
    }

    @Override
    public void close() {
        pos = end;
        limit = end;
        nextHidden = hidden.length;
    }
}
