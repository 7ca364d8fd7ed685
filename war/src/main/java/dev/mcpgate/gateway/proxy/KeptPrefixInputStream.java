package dev.mcpgate.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The request body on its way upstream, keeping its first bytes: when the upstream call fails, the
 * gateway answers with a JSON-RPC error that must carry the request's {@code id}.
 */
final class KeptPrefixInputStream extends InputStream {

    /** First size of {@link #prefix}: most MCP request bodies fit; it grows up to the limit as bytes come. */
    private static final int INITIAL_BYTES = 1024;

    private final InputStream source;
    private final int limit;
    private byte[] prefix;
    private int kept;
    private boolean ended;

    KeptPrefixInputStream(InputStream source, int prefixLimit) {
        this.source = source;
        this.limit = prefixLimit;
        this.prefix = new byte[Math.min(prefixLimit, INITIAL_BYTES)];
    }

    @Override
    public int read() throws IOException {
        int b = source.read();
        if (b < 0) {
            ended = true;
        } else if (kept < limit) {
            room(1);
            prefix[kept++] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = source.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
        } else {
            keep(buffer, offset, n);
        }
        return n;
    }

    private void keep(byte[] buffer, int offset, int n) {
        int room = Math.min(n, limit - kept);
        if (room > 0) {
            room(room);
            System.arraycopy(buffer, offset, prefix, kept, room);
            kept += room;
        }
    }

    /** Makes {@link #prefix} hold {@code more} bytes beyond those kept (never beyond the limit). */
    private void room(int more) {
        if (kept + more > prefix.length) {
            prefix = Arrays.copyOf(prefix, Math.min(limit, Math.max(kept + more, prefix.length * 2)));
        }
    }

    /**
     * The first bytes of the body, reading on from the source up to the limit if the upstream call
     * stopped reading before (a failed connection reads nothing).
     */
    synchronized byte[] prefix() {
        byte[] buffer = new byte[4096];
        try {
            while (!ended && kept < limit) {
                int n = source.read(buffer, 0, Math.min(buffer.length, limit - kept));
                if (n < 0) {
                    ended = true;
                } else {
                    keep(buffer, 0, n);
                }
            }
        } catch (IOException | IllegalStateException e) {
            ended = true; // what was kept is all there is
        }
        return Arrays.copyOf(prefix, kept);
    }
}
