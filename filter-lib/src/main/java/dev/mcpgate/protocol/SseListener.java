package dev.mcpgate.protocol;

/**
 * Receives what an {@link SseParser} finds in an event stream. Called on the thread that feeds
 * the parser; an exception thrown here propagates out of {@link SseParser#feed} to that caller.
 */
public interface SseListener {

    /**
     * One dispatched event.
     *
     * @param id    the last event id after this event (ids persist across events, as in a browser),
     *              or {@code null} when the stream never set one
     * @param event the event type, or {@code null} when the event had no or an empty {@code event}
     *              field (a browser then reports {@code "message"})
     * @param data  the event's data lines joined with LF, without the final LF; never {@code null}
     */
    void onEvent(String id, String event, String data);

    /**
     * A valid {@code retry} field: the server's reconnection delay.
     *
     * @param millis the delay in milliseconds; {@link Long#MAX_VALUE} for a larger number
     */
    default void onRetry(long millis) {
    }
}
