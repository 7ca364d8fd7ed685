package dev.mcpgate.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client the gateway calls its upstream server with ({@code upstream-client},
 * {@link UpstreamClientKind}): one blocking call per exchange, made on the exchange's pool thread,
 * whose answer that thread then copies to the client as it comes. One per servlet, shared by its
 * exchanges; thread-safe.
 */
interface UpstreamClient extends AutoCloseable {

    /** The call for one request, not yet sent: no I/O. */
    Call prepare(UpstreamRequest request);

    /** Closes the client's connections; its calls under way fail. */
    @Override
    void close();

    /** One upstream call. */
    interface Call {

        /**
         * Sends the request and waits for the answer's head; the body then streams from
         * {@link Answer#body()}.
         *
         * @throws UpstreamSilentException when the upstream server stayed silent for {@code upstream-idle-timeout}
         * @throws IOException when the call failed, or was cancelled
         */
        Answer send() throws IOException, InterruptedException;

        /**
         * Stops the call if it has not been answered yet ({@link #send()} then throws), from any thread,
         * any number of times; before {@link #send()}, makes it fail at once.
         */
        void cancel();
    }

    /** The answer's head, and its body as it comes. */
    interface Answer {

        int status();

        /** Every header, each name once with its values in order. */
        Map<String, List<String>> headers();

        /** The values of a header, by case-insensitive name; none: empty. */
        List<String> headers(String name);

        default String firstHeader(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? "" : values.get(0);
        }

        /** The body as it arrives; a blocked read ends (in an exception) when {@link #close()} is called. */
        InputStream body();

        /**
         * Ends the answer, from any thread, any number of times: a body read to its end leaves its
         * connection for the next call, one cut short closes it. Never reads what is left (an SSE
         * stream has no end).
         */
        void close();
    }
}
