package dev.mcpgate.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The upstream server's answer to one {@link UpstreamCall}: its head at once, its body as it comes (a JSON
 * document, or an SSE stream that may never end).
 */
public interface UpstreamAnswer extends AutoCloseable {

    int status();

    /** The first value of a header, by case-insensitive name. */
    Optional<String> header(String name);

    /** The media type without parameters, lower case; empty when the answer has none. */
    default String mediaType() {
        String type = header("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The body as it arrives; a blocked read ends (in an exception) when {@link #close()} is called. */
    InputStream body() throws IOException;

    /** Ends the answer from any thread, any number of times; an unread stream's connection is closed. */
    @Override
    void close();
}
