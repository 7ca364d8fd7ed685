package dev.mcpgate.web;

import java.io.IOException;

/** The container's side of a response body, as a resumable stream writes to it. */
interface ClientOutput {

    /** Writes bytes of the stream to the client and flushes them. */
    void writeToClient(byte[] bytes) throws IOException;

    /** Writes bytes of the stream to the client without flushing them. */
    void writeToClientUnflushed(byte[] bytes) throws IOException;

    /** Ends the body early: the client resumes with {@code Last-Event-ID}. */
    void closeClient() throws IOException;
}
