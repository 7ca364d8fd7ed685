package dev.mcpgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
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
 * The pins API's answers it can judge without a started filter: the parameters and body checked first
 * (400 naming them), then no endpoint (503 not_started). {@link PinsApiTest} covers the answers.
 */
class PinsApiServletTest {

    private final PinsApiServlet servlet = new PinsApiServlet();
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
            case "getServletName" -> "pins";
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
        return (T) Proxy.newProxyInstance(PinsApiServletTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> answer.of(method.getName(), args);
                });
    }

    private JsonObject call(boolean post, String content, String... parameters) throws IOException {
        return typed(post, "application/json", content, parameters);
    }

    private JsonObject typed(boolean post, String type, String content, String... parameters) throws IOException {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], new String[] {parameters[i + 1]});
        }
        ByteArrayInputStream bytes = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        ServletInputStream in = new ServletInputStream() {
            @Override public int read() { return bytes.read(); }
            @Override public boolean isFinished() { return bytes.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener listener) { }
        };
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getParameterMap" -> map;
            case "getInputStream" -> in;
            case "getContentType" -> type;
            case "getUserPrincipal", "getRemoteUser" -> null;
            default -> throw new UnsupportedOperationException(name);
        });
        ServletOutputStream out = new ServletOutputStream() {
            @Override public void write(int b) { body.write(b); }
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener listener) { }
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
        if (post) {
            servlet.doPost(request, response);
        } else {
            servlet.doGet(request, response);
        }
        try (var reader = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    @Test
    void aPostWhoseBodyIsNoJsonObjectIs400NamingTheBody() throws IOException {
        JsonObject answer = call(true, "version=3");
        assertEquals(400, status, answer.toString());
        assertEquals("body", answer.getString("parameter"));
        assertTrue(answer.getString("message").contains("\"version\":3"), answer.toString());
    }

    @Test
    void aPostThatIsNotJsonIs400SoThatNoCrossSiteFormCanApprove() throws IOException {
        JsonObject answer = typed(true, "application/x-www-form-urlencoded", "{\"version\":1}");
        assertEquals(400, status, answer.toString());
        assertEquals("Content-Type", answer.getString("parameter"));
    }

    @Test
    void aPostBodyOverFourKibibytesIs400() throws IOException {
        JsonObject answer = call(true, "{\"list\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(400, status, answer.toString());
        assertEquals("body", answer.getString("parameter"));
    }

    @Test
    void aParameterTheCallDoesNotTakeIs400NamingIt() throws IOException {
        JsonObject answer = call(false, "", "since", "PT1H");
        assertEquals(400, status, answer.toString());
        assertEquals("since", answer.getString("parameter"));
    }

    @Test
    void beforeTheFilterStartedGetAndPostAre503NotStarted() throws IOException {
        assertEquals("not_started", call(false, "").getString("error"));
        assertEquals(503, status);
        body.reset();
        assertEquals("not_started", call(true, "{\"version\":1}").getString("error"));
        assertEquals(503, status);
    }
}
