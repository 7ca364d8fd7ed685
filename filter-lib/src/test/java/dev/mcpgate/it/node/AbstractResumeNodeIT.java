package dev.mcpgate.it.node;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.CuttingRelay;
import dev.mcpgate.it.EventLog;
import dev.mcpgate.it.RecordedEvent;
import dev.mcpgate.it.deployment.ResumeTestServers;
import dev.mcpgate.it.node.NodeTools.TsClientResult;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TypeScript SDK client ({@code src/node/ts-client.mjs}) through a {@link CuttingRelay} that
 * breaks its connections at the 3rd progress notification of a tool's POST stream, in front of a
 * filter with {@code resume=true} ({@link ResumeTestServers}). The SDK (1.32) resumes a POST stream
 * once it has seen an event id (McpGate's priming event gives it one): a GET with
 * {@code Last-Event-ID} after the {@code retry:} delay; McpGate answers it with exactly the events
 * the client missed, so every progress notification arrives once, in order, and then the result.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractResumeNodeIT {

    private static final Pattern LAST_EVENT_ID = Pattern.compile("(?im)^last-event-id: *([a-z2-7]{12})-(\\d+)-(\\d+)\\s*$");

    @ArquillianResource
    protected URL deploymentUrl;

    private NodeTools node;
    private EventLog eventLog;

    @BeforeEach
    void locateNodeAndClearEvents() {
        node = NodeTools.locate();
        eventLog = EventLog.cleared(deploymentUrl);
    }

    @Test
    void typescriptClientResumesACutPostStreamAndGetsEveryEventOnce() {
        TsClientResult result;
        String upstream;
        try (CuttingRelay relay = new CuttingRelay(deploymentUrl).cutOnDownstream("notifications/progress", 3)) {
            String url = relay.via(deploymentUrl).toString().replaceAll("/$", "") + ResumeTestServers.RESUME_PATH;
            result = node.runTsClient(url, "{\"name\":\"resume\",\"steps\":[\"progress\"],\"progressTool\":\""
                    + ResumeTestServers.PROGRESS_TOOL + "\"}").requireOk();
            assertTrue(relay.hasCut(), "the relay never cut: " + result);
            upstream = relay.upstreamText();
        }
        JsonObject progress = result.json().getJsonObject("progress");
        List<Double> values = progress.getJsonArray("values").getValuesAs(JsonNumber.class).stream()
                .map(JsonNumber::doubleValue).toList();
        Matcher resumedFrom = LAST_EVENT_ID.matcher(upstream);
        boolean resumedAfterAnEvent = false;
        while (resumedFrom.find()) {
            resumedAfterAnEvent |= Long.parseLong(resumedFrom.group(3)) > 0;
        }
        boolean resumed = resumedAfterAnEvent;
        assertAll("the TypeScript client through the cut: " + result,
                () -> assertEquals(IntStream.rangeClosed(1, ResumeTestServers.DEFAULT_STEPS).mapToObj(i -> (double) i)
                        .toList(), values, "every progress notification once, in order"),
                () -> assertEquals(ResumeTestServers.PROGRESS_RESULT, progress.getString("text", null)),
                () -> assertFalse(progress.getBoolean("isError", true)),
                () -> assertTrue(progress.getBoolean("allBeforeResult", false)),
                () -> assertEquals(0, progress.getInt("lateEvents", -1)),
                () -> assertTrue(result.transportErrors().stream().anyMatch(e -> e.contains("SSE stream disconnected")),
                        "the client saw its stream break"),
                () -> assertTrue(resumed, "a GET with the Last-Event-ID of an event after the priming one:\n"
                        + upstream));

        String sessionId = result.sessionId();
        List<RecordedEvent> rows = eventLog.awaitUntil("the resuming GET's row", all -> all.stream()
                .anyMatch(e -> isResume(e, sessionId)));
        RecordedEvent resumeRow = rows.stream().filter(e -> isResume(e, sessionId)).findFirst().orElseThrow();
        assertTrue(resumeRow.flag("sse"), () -> "the resuming GET is an SSE exchange: " + resumeRow);
    }

    /** A GET of the session that answered 200 and carried messages: the resume (the standalone GET stream carries none). */
    private static boolean isResume(RecordedEvent e, String sessionId) {
        return e.is(REQUEST_COMPLETED) && "GET".equals(e.httpMethod()) && sessionId.equals(e.sessionId())
                && Long.valueOf(200).equals(e.number("httpStatus")) && e.number("messagesOut") != null
                && e.number("messagesOut") > 0;
    }
}
