package dev.mcpgate.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The response writer a servlet gets when error hygiene is on: in front of the tee's writer, it
 * asks {@link ErrorHygiene} about each write only until the hygiene says the body passes — for a
 * successful answer, from the first write on, after one status comparison. {@link #checkError()}
 * reflects the writers behind it, which is how servlets such as the MCP Java SDK notice a gone
 * client.
 */
final class HygienePrintWriter extends PrintWriter {

    private final PrintWriter client;

    HygienePrintWriter(PrintWriter client, ErrorHygiene hygiene) {
        super(new Gate(client, hygiene), false);
        this.client = client;
    }

    @Override
    public boolean checkError() {
        return super.checkError() || client.checkError();
    }

    /** Forwards characters while the body passes; hands them to the hygiene before. */
    private static final class Gate extends Writer {
        private final PrintWriter client;
        private final ErrorHygiene hygiene;

        Gate(PrintWriter client, ErrorHygiene hygiene) {
            this.client = client;
            this.hygiene = hygiene;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (hygiene.passing || hygiene.chars(new String(chars, offset, length))) {
                client.write(chars, offset, length);
            }
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            if (hygiene.passing || hygiene.chars(text.substring(offset, offset + length))) {
                client.write(text, offset, length);
            }
        }

        @Override
        public void write(int c) throws IOException {
            if (hygiene.passing || hygiene.chars(String.valueOf((char) c))) {
                client.write(c);
            }
        }

        @Override
        public void flush() throws IOException {
            if (hygiene.passing || hygiene.flush()) {
                client.flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                hygiene.end();
            } finally {
                client.close();
            }
        }
    }
}
