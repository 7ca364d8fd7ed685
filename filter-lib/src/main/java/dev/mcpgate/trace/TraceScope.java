package dev.mcpgate.trace;

/** An exchange's span made current on one thread; closed on that thread, after the servlet returned. */
public interface TraceScope extends AutoCloseable {

    /** Nothing was made current. */
    TraceScope NONE = () -> { };

    @Override
    void close();
}
