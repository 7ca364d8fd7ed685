package dev.mcpgate.intercept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {

    private final List<String> seen = new ArrayList<>();
    private final List<Duration> waited = new ArrayList<>();

    /** An interceptor that notes its name when asked and answers with {@code verdict}. */
    private McpInterceptor step(String name, Function<InterceptedRequest, RequestVerdict> verdict) {
        return new McpInterceptor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                seen.add(name + ":" + request.params().getJsonObject("arguments").getString("text"));
                return verdict.apply(request);
            }
        };
    }

    private InterceptorChain chain(McpInterceptor... interceptors) {
        return new InterceptorChain(List.of(interceptors), waited::add);
    }

    private static JsonObject params(String tool, String text) {
        return Json.createObjectBuilder().add("name", tool)
                .add("arguments", Json.createObjectBuilder().add("text", text)).build();
    }

    @Test
    void everyInterceptorSeesTheRequestInChainOrderWhenAllProceed() {
        InterceptorChain.RequestPhase phase = chain(step("a", r -> RequestVerdict.proceed()),
                step("b", r -> RequestVerdict.proceed())).onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(List.of("a:hi", "b:hi"), seen);
        assertFalse(phase.stopped());
        assertFalse(phase.modified());
        assertTrue(phase.responders().isEmpty());
    }

    @Test
    void aModificationIsWhatTheNextInterceptorAndTheServerSee() {
        InterceptorChain.RequestPhase phase = chain(
                step("a", r -> RequestVerdict.modify("upper", params("echo", "HI"))),
                step("b", r -> RequestVerdict.proceed())).onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(List.of("a:hi", "b:HI"), seen);
        assertTrue(phase.modified());
        assertEquals("HI", phase.params().getJsonObject("arguments").getString("text"));
        assertEquals("upper", phase.modifiedBy());
    }

    @Test
    void aBlockStopsTheChainAndNamesItsRuleOrElseTheInterceptor() {
        JsonObject error = RequestVerdict.error(-32001, "denied", null);
        InterceptorChain.RequestPhase phase = chain(step("a", r -> RequestVerdict.block(null, 403, error, Map.of())),
                step("b", r -> RequestVerdict.proceed())).onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(List.of("a:hi"), seen);
        assertTrue(phase.stopped());
        assertEquals(403, phase.verdict().status());
        assertEquals("a", phase.verdict().rule());
    }

    @Test
    void aMockStopsTheChain() {
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        InterceptorChain.RequestPhase phase = chain(step("a", r -> RequestVerdict.mock("canned", result)),
                step("b", r -> RequestVerdict.proceed())).onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(List.of("a:hi"), seen);
        assertEquals(RequestVerdict.Action.MOCK, phase.verdict().action());
        assertSame(result, phase.verdict().result());
    }

    @Test
    void aDelayWaitsThenTheChainGoesOn() {
        InterceptorChain.RequestPhase phase = chain(step("a", r -> RequestVerdict.delay("slow", Duration.ofMillis(250))),
                step("b", r -> RequestVerdict.proceed())).onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(List.of(Duration.ofMillis(250)), waited);
        assertEquals(List.of("a:hi", "b:hi"), seen);
        assertFalse(phase.stopped());
    }

    @Test
    void aFailingInterceptorIsSkippedAndCountedUnlessItIsFailClosed() {
        McpInterceptor broken = step("broken", r -> {
            throw new IllegalStateException("bug");
        });
        InterceptorChain open = chain(broken, step("b", r -> RequestVerdict.proceed()));
        InterceptorChain.RequestPhase phase = open.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertFalse(phase.stopped());
        assertEquals(List.of("broken:hi", "b:hi"), seen);
        assertEquals(1, open.failures());
        InterceptorChain.RequestPhase again = open.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertFalse(again.stopped());
        assertEquals(2, open.failures(), "every failure is counted, logged or not");
    }

    @Test
    void aFailClosedInterceptorThatFailsRefusesWithAnInternalError() {
        McpInterceptor guard = new McpInterceptor() {
            @Override
            public boolean failClosed() {
                return true;
            }

            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                throw new IllegalStateException("bug");
            }
        };
        InterceptorChain chain = chain(guard, step("b", r -> RequestVerdict.proceed()));
        InterceptorChain.RequestPhase phase = chain.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertTrue(phase.stopped());
        assertEquals(500, phase.verdict().status());
        assertEquals(-32603, phase.verdict().error().getInt("code"));
        assertTrue(seen.isEmpty(), "nothing after it runs");
        assertEquals(1, chain.failures());
    }

    @Test
    void aModernRequestsToolNameCannotBeModifiedItsArgumentsCan() {
        InterceptorChain renaming = chain(step("a", r -> RequestVerdict.modify("rename", params("other", "hi"))));
        InterceptorChain.RequestPhase modern = renaming.onRequest(TestRequest.call("echo", Era.MODERN));
        assertFalse(modern.modified(), "the Mcp-Name header names echo: the change is dropped (fail-open)");
        assertEquals(1, renaming.failures());
        InterceptorChain.RequestPhase legacy = renaming.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals("other", legacy.request().target());
        InterceptorChain arguments = chain(step("a", r -> RequestVerdict.modify("args", params("echo", "HI"))));
        assertTrue(arguments.onRequest(TestRequest.call("echo", Era.MODERN)).modified());
    }

    @Test
    void theTargetComesFromTheMemberTheMethodNamesNotFromADecoy() {
        JsonObject both = Json.createObjectBuilder().add("uri", "secret://db").add("name", "x").build();
        assertEquals("secret://db", InterceptorChain.targetOf("resources/read", both));
        assertEquals("secret://db", InterceptorChain.targetOf("resources/subscribe", both));
        assertEquals("secret://db", InterceptorChain.targetOf("resources/unsubscribe", both));
        assertEquals("x", InterceptorChain.targetOf("tools/call", both));
        assertEquals("x", InterceptorChain.targetOf("prompts/get", both));
        assertNull(InterceptorChain.targetOf("tools/list", both));
        assertNull(InterceptorChain.targetOf("resources/read", Json.createObjectBuilder()
                .add("uri", Json.createArrayBuilder().add("secret://db")).add("name", "x").build()),
                "a uri that is no string names no target; the name does not stand in for it");
    }

    @Test
    void aModifiedResourceReadIsJudgedByItsUriNotByANameAdded() {
        List<String> targets = new ArrayList<>();
        McpInterceptor naming = new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                return RequestVerdict.modify("decoy", Json.createObjectBuilder(request.params()).add("name", "x").build());
            }
        };
        McpInterceptor noting = new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                targets.add(request.target());
                return RequestVerdict.proceed();
            }
        };
        TestRequest read = new TestRequest("resources/read", Json.createValue(7),
                Json.createObjectBuilder().add("uri", "secret://db").build(), Era.LEGACY, new java.util.HashMap<>());
        chain(naming, noting).onRequest(read);
        assertEquals(List.of("secret://db"), targets);
    }

    /** A response-phase step that notes its name and appends it to the result's {@code by} text. */
    private McpInterceptor answering(String name, boolean wants) {
        return new McpInterceptor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean wantsResponse(InterceptedRequest request) {
                return wants;
            }

            @Override
            public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
                seen.add(name);
                String by = response.result().getString("by", "");
                return ResponseVerdict.modify(null, Json.createObjectBuilder().add("by", by + name).build());
            }
        };
    }

    @Test
    void theResponsePhaseRunsInReverseOrderForThoseThatWantedTheAnswer() {
        InterceptorChain chain = chain(answering("a", true), answering("b", false), answering("c", true));
        InterceptorChain.RequestPhase phase = chain.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(2, phase.responders().size());
        ResponseVerdict verdict = chain.onResponse(phase.request(), phase.responders(),
                new Answer(Json.createObjectBuilder().add("by", "").build(), null));
        assertEquals(List.of("c", "a"), seen);
        assertEquals(ResponseVerdict.Action.MODIFY, verdict.action());
        assertEquals("ca", verdict.result().getString("by"), "each sees what the one after it made of the answer");
        assertEquals("a", verdict.rule(), "the last to change it names it");
    }

    @Test
    void aFailingResponsePhaseLeavesTheAnswerOrReplacesItWhenFailClosed() {
        McpInterceptor open = new McpInterceptor() {
            @Override
            public boolean wantsResponse(InterceptedRequest request) {
                return true;
            }

            @Override
            public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
                throw new IllegalStateException("bug");
            }
        };
        InterceptorChain chain = chain(open);
        InterceptorChain.RequestPhase phase = chain.onRequest(TestRequest.call("echo", Era.LEGACY));
        Answer answer = new Answer(Json.createObjectBuilder().build(), null);
        assertSame(ResponseVerdict.proceed(), chain.onResponse(phase.request(), phase.responders(), answer));
        McpInterceptor closed = new McpInterceptor() {
            @Override
            public boolean failClosed() {
                return true;
            }

            @Override
            public boolean wantsResponse(InterceptedRequest request) {
                throw new IllegalStateException("bug");
            }
        };
        InterceptorChain strict = chain(closed);
        InterceptorChain.RequestPhase strictPhase = strict.onRequest(TestRequest.call("echo", Era.LEGACY));
        assertEquals(1, strictPhase.responders().size(), "a fail-closed one that cannot say still sees the answer");
    }

    @Test
    void anEmptyChainIsEmpty() {
        assertTrue(InterceptorChain.of(List.of()).isEmpty());
        assertSame(InterceptorChain.EMPTY, InterceptorChain.of(List.of()));
        assertNull(InterceptorChain.EMPTY.onRequest(TestRequest.call("echo", Era.LEGACY)).params());
    }

    private record Answer(JsonObject result, JsonObject error) implements InterceptedResponse {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public boolean streamed() {
            return false;
        }
    }
}
