package dev.mcpgate.it.deployment;

import jakarta.servlet.FilterChain;
import jakarta.servlet.GenericFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;

/**
 * Stands in for the container's authentication in front of the enforced filter: a request with the
 * header {@value #USER_HEADER} is seen as authenticated by that user ({@code getUserPrincipal}), one
 * without it as anonymous. Test deployment only.
 */
public class TestPrincipalFilter extends GenericFilter {

    private static final long serialVersionUID = 1L;

    public static final String USER_HEADER = "X-Test-User";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String user = request instanceof HttpServletRequest http ? http.getHeader(USER_HEADER) : null;
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        Principal principal = () -> user;
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return user;
            }
        }, response);
    }
}
