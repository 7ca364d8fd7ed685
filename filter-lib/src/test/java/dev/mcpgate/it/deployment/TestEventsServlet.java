package dev.mcpgate.it.deployment;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
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

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EventRecorder.Snapshot snapshot = recorder().snapshot();
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (EventRecorder.Observed observed : snapshot.events()) {
            JsonObjectBuilder event = Json.createObjectBuilder()
                    .add("type", observed.event().getClass().getSimpleName())
                    .add("sequence", observed.sequence())
                    .add("observedOn", observed.thread())
                    .add("inBatch", observed.inBatch());
            addComponents((Record) observed.event(), event);
            events.add(event);
        }
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (JsonWriter writer = Json.createWriter(response.getOutputStream())) {
            writer.writeObject(Json.createObjectBuilder()
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

    private EventRecorder recorder() {
        Object attribute = getServletContext().getAttribute(BeanManager.class.getName());
        BeanManager beanManager = attribute instanceof BeanManager bm ? bm : CDI.current().getBeanManager();
        return beanManager.createInstance().select(EventRecorder.class).get();
    }

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
            return Json.createValue(((Number) value).longValue());
        } else if (value instanceof Number number) {
            return Json.createValue(number.doubleValue());
        } else if (value instanceof Enum<?> constant) {
            return Json.createValue(constant.name());
        } else if (value instanceof Record nested) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            addComponents(nested, object);
            return object.build();
        } else {
            return Json.createValue(value.toString());
        }
    }
}
