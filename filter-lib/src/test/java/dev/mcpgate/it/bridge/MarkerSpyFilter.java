package dev.mcpgate.it.bridge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands after McpGate's filter, in front of the MCP servlet: counts the requests that reach the servlet and
 * those in which the bridge's marker header is still visible (by name or among the names). Read and reset by
 * {@link MarkerSpyServlet}.
 */
public class MarkerSpyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicInteger MARKED = new AtomicInteger();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SEEN.incrementAndGet();
        if (request.getHeader("Mcp-Gate-Bridge") != null || Collections.list(request.getHeaderNames()).stream()
                .anyMatch("Mcp-Gate-Bridge"::equalsIgnoreCase)) {
            MARKED.incrementAndGet();
        }
        chain.doFilter(request, response);
    }
}
