package dev.mcpgate.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an answer the filter gives itself — a guard rejection, an {@code own}-mode session
 * answer, a replaced error body: the status, {@code application/json}, the exact length, the
 * JSON-RPC error body. Headers the answer needs besides ({@code Allow}, {@code Retry-After}) are
 * set by the caller first.
 */
public final class ErrorAnswers {

    /** The content type of every answer the filter writes. */
    public static final String JSON = "application/json";

    private ErrorAnswers() {
    }

    /**
     * Sends the answer unless the response is already committed (then there is nothing to do but
     * let the exchange end as it is).
     *
     * @return whether it was sent
     */
    public static boolean send(HttpServletResponse response, int status, byte[] body) throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(JSON);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
        return true;
    }
}
