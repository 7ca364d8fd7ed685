package dev.mcpgate.it.deployment;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * {@code GET /test-events}: the events {@link EventRecorder} observed, as JSON (built with
 * JSON-P); {@code DELETE /test-events}: forget them. Outside the filter's mapping, so reading the
 * events is not itself observed.
 *
 * <pre>{"generation":1,"batches":3,"events":[{"type":"RequestCompleted","sequence":0,
 *   "observedOn":"thread","inBatch":true, ...the record's components...}]}</pre>
 *
 * <p>Record components keep their names; enums are written with {@code name()}, instants with
 * {@code toString()}, nested records (the client identity) as objects, nulls as {@code null}.
 */
@WebServlet(urlPatterns = "/test-events")
public class TestEventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Looked up once: {@code Json.*} looks the provider up on every call, which is slow. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EventRecorder.Snapshot snapshot = recorder().snapshot();
        JsonArrayBuilder events = JSON.createArrayBuilder();
        for (EventRecorder.Observed observed : snapshot.events()) {
            JsonObjectBuilder event = JSON.createObjectBuilder()
                    .add("type", observed.event().getClass().getSimpleName())
                    .add("sequence", observed.sequence())
                    .add("observedOn", observed.thread())
                    .add("inBatch", observed.inBatch());
            addComponents((Record) observed.event(), event);
            events.add(event);
        }
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (JsonWriter writer = JSON.createWriter(response.getOutputStream())) {
            writer.writeObject(JSON.createObjectBuilder()
                    .add("generation", snapshot.generation())
                    .add("batches", snapshot.batches())
                    .add("events", events)
                    .build());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        recorder().clear();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * Servlets are not injected on a plain Tomcat (Weld servlet would need to replace Tomcat's
     * instance manager), so look the bean up: Weld servlet publishes its BeanManager under
     * {@value #WELD_SERVLET_BEAN_MANAGER} (not under the interface's name); elsewhere
     * {@code CDI.current()} finds the application's container.
     */
    private EventRecorder recorder() {
        Object attribute = getServletContext().getAttribute(WELD_SERVLET_BEAN_MANAGER);
        BeanManager beanManager = attribute instanceof BeanManager bm ? bm : CDI.current().getBeanManager();
        return beanManager.createInstance().select(EventRecorder.class).get();
    }

    /** {@code org.jboss.weld.environment.servlet.WeldServletLifecycle.BEAN_MANAGER_ATTRIBUTE_NAME}. */
    static final String WELD_SERVLET_BEAN_MANAGER =
            "org.jboss.weld.environment.servlet.jakarta.enterprise.inject.spi.BeanManager";

    private static void addComponents(Record record, JsonObjectBuilder json) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            json.add(component.getName(), toJson(value));
        }
    }

    private static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return JSON.createValue(((Number) value).longValue());
        } else if (value instanceof Number number) {
            return JSON.createValue(number.doubleValue());
        } else if (value instanceof Enum<?> constant) {
            return JSON.createValue(constant.name());
        } else if (value instanceof Record nested) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            addComponents(nested, object);
            return object.build();
        } else {
            return JSON.createValue(value.toString());
        }
    }
}
