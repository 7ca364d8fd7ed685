package dev.mcpgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics API's answers to calls it can judge without a store: parameters checked per call
 * (400 naming the parameter), an unknown call (404 listing the calls), no filter started (503).
 */
class AnalyticsApiServletTest {

    private final AnalyticsApiServlet servlet = new AnalyticsApiServlet();
    private int status;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws ServletException {
        ServletContext context = proxy(ServletContext.class, (name, args) -> switch (name) {
            case "getAttributeNames" -> Collections.emptyEnumeration();
            case "getAttribute" -> null;
            default -> throw new UnsupportedOperationException(name);
        });
        servlet.init(proxy(ServletConfig.class, (name, args) -> switch (name) {
            case "getServletContext" -> context;
            case "getServletName" -> "api";
            case "getInitParameter" -> null;
            default -> throw new UnsupportedOperationException(name);
        }));
    }

    @AfterEach
    void stop() {
        servlet.destroy();
    }

    private interface Answer {
        Object of(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(AnalyticsApiServletTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> answer.of(method.getName(), args);
                });
    }

    /** GETs {@code call} with the query {@code parameters} (name, value pairs) and returns the JSON answer. */
    private JsonObject get(String call, String... parameters) throws IOException {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], new String[] {parameters[i + 1]});
        }
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getPathInfo" -> call;
            case "getParameterMap" -> map;
            default -> throw new UnsupportedOperationException(name);
        });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
            case "setStatus" -> {
                status = (Integer) args[0];
                yield null;
            }
            case "getOutputStream" -> out;
            case "setHeader", "setContentType", "setCharacterEncoding", "setContentLength" -> null;
            default -> throw new UnsupportedOperationException(name);
        });
        servlet.doGet(request, response);
        try (var reader = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private void assertBadParameter(JsonObject answer, String parameter, String says) {
        assertEquals(400, status, answer.toString());
        assertEquals("bad_parameter", answer.getString("error"));
        assertEquals(parameter, answer.getString("parameter"));
        assertTrue(answer.getString("message").contains(says), answer.toString());
    }

    @Test
    void anOutcomeOutsideTheOutcomeListIs400NamingItAndListingTheOutcomes() throws IOException {
        JsonObject answer = get("/requests", "outcome", "great");
        assertBadParameter(answer, "outcome", "was great");
        assertTrue(answer.getString("message").contains("tool_error"), answer.toString());
    }

    @Test
    void aParameterTheCallDoesNotTakeIs400NamingIt() throws IOException {
        assertBadParameter(get("/tools", "since", "PT1H"), "since", "unknown parameter");
    }

    @Test
    void aWindowEndingBeforeItStartsIs400() throws IOException {
        assertBadParameter(get("/sessions", "since", "PT1H", "until", "PT2H"), "since", "must be before until");
    }

    @Test
    void aLimitOverTheMaximumIs400() throws IOException {
        assertBadParameter(get("/requests", "limit", "5000"), "limit", "between 1 and 1000");
    }

    @Test
    void goodParametersWithoutAStartedFilterAre503NotStarted() throws IOException {
        JsonObject answer = get("/requests", "outcome", "tool_error", "since", "PT1H", "limit", "10");
        assertEquals(503, status, answer.toString());
        assertEquals("not_started", answer.getString("error"));
    }

    @Test
    void anUnknownCallIs404ListingTheCalls() throws IOException {
        JsonObject answer = get("/request");
        assertEquals(404, status, answer.toString());
        assertEquals("not_found", answer.getString("error"));
        assertTrue(answer.getString("message").contains("/requests"), answer.toString());
    }

    @Test
    void theSlowestCallsLimitIsCheckedLikeTheOthers() throws IOException {
        assertBadParameter(get("/slowest", "limit", "0"), "limit", "between 1 and 1000");
    }

    @Test
    void theRecentErrorsWindowIsCheckedLikeTheOthers() throws IOException {
        assertBadParameter(get("/errors", "since", "PT1H", "until", "PT2H"), "since", "must be before until");
    }

    @Test
    void theClientPlatformsCallTakesNoLimit() throws IOException {
        assertBadParameter(get("/clients", "limit", "10"), "limit", "unknown parameter");
    }

}
