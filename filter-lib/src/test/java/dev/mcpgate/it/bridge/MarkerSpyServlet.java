package dev.mcpgate.it.bridge;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET: {@code seen marked} of {@link MarkerSpyFilter} as text; DELETE: resets them. */
@WebServlet("/marker-spy")
public class MarkerSpyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(MarkerSpyFilter.SEEN.get() + " " + MarkerSpyFilter.MARKED.get());
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        MarkerSpyFilter.SEEN.set(0);
        MarkerSpyFilter.MARKED.set(0);
        response.setStatus(204);
    }
}
