package dev.mcpgate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request that came with the era bridge's marker header: the header is kept here for the bridge to judge
 * ({@link #marker()}) and hidden from everything downstream, the servlet above all. The filter wraps a request in
 * it only when the bridge is on and the header is present.
 */
public final class UnmarkedRequest extends HttpServletRequestWrapper {

    private final String header;
    private final String marker;

    /**
     * @param request the client's request
     * @param header  the marker header's name
     */
    public UnmarkedRequest(HttpServletRequest request, String header) {
        super(request);
        this.header = header;
        this.marker = request.getHeader(header);
    }

    /** The marker header's value as the request brought it. */
    public String marker() {
        return marker;
    }

    @Override
    public String getHeader(String name) {
        return header.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return header.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(header::equalsIgnoreCase);
        return Collections.enumeration(names);
    }
}
