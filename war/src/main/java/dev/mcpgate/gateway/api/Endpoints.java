package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import jakarta.servlet.ServletContext;
import java.util.List;

/** Which of the application's McpGate endpoints an API call is about: the one it names, or the only one. */
final class Endpoints {

    private Endpoints() {
    }

    /**
     * The endpoint called {@code name}, or the application's only endpoint when {@code name} is
     * {@code null}.
     *
     * @throws BadParameterException naming {@code endpoint} when there is no such endpoint, or several and
     *                               none named
     * @throws ApiFailure.NotStartedException when no filter has started
     */
    static McpGateEndpoint named(ServletContext context, String name) {
        List<McpGateEndpoint> all = McpGateEndpoint.all(context);
        if (name != null) {
            return all.stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new BadParameterException("endpoint", "no endpoint " + name + "; there are "
                            + names(all)));
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        if (all.isEmpty()) {
            throw new ApiFailure.NotStartedException(AnalyticsApiServlet.NOT_STARTED);
        }
        throw new BadParameterException("endpoint", "required: this application has the endpoints " + names(all));
    }

    private static List<String> names(List<McpGateEndpoint> all) {
        return all.stream().map(McpGateEndpoint::name).toList();
    }
}
