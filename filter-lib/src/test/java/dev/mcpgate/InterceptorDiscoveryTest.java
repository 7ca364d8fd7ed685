package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.mcpgate.config.SettingSources;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.intercept.McpInterceptor;
import jakarta.annotation.Priority;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InterceptorDiscoveryTest {

    @Priority(5)
    static class Early implements McpInterceptor {
    }

    @Priority(500)
    static class Late implements McpInterceptor {
    }

    static class Alpha implements McpInterceptor {
    }

    static class Beta implements McpInterceptor {
    }

    private static InterceptorDiscovery.Found found(McpInterceptor interceptor) {
        return new InterceptorDiscovery.Found(interceptor, interceptor.getClass().getName(),
                InterceptorDiscovery.priorityOf(interceptor.getClass()));
    }

    @Test
    void priorityIsReadFromTheAnnotationAndAbsentWithoutOne() {
        assertEquals(OptionalInt.of(5), InterceptorDiscovery.priorityOf(Early.class));
        assertEquals(OptionalInt.empty(), InterceptorDiscovery.priorityOf(Alpha.class));
    }

    @Test
    void lowerPriorityRunsFirstThoseWithoutOneAfterByClassNameAndBuiltInsInTheirPlace() {
        McpInterceptor beta = new Beta();
        McpInterceptor late = new Late();
        McpInterceptor alpha = new Alpha();
        McpInterceptor early = new Early();
        McpInterceptor builtIn = new McpInterceptor() {
        };
        InterceptorChain chain = InterceptorDiscovery.chainOf("e", List.of(found(beta), found(late), found(alpha),
                found(early), new InterceptorDiscovery.Found(builtIn, "builtin", OptionalInt.of(300))));
        assertEquals(List.of(early, builtIn, late, alpha, beta), chain.interceptors());
    }

    @Test
    void theKillSwitchLooksNothingUp() {
        McpGateConfig off = McpGateConfig.resolve("f", new Params(Map.of("interceptors", "off")));
        assertSame(InterceptorChain.EMPTY, InterceptorDiscovery.discover(off,
                List.of(new BuiltInInterceptors.Entry(1, new Alpha())), getClass().getClassLoader(), null));
    }

    @Test
    void anInvalidSwitchFailsNamingTheSetting() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", new Params(Map.of("interceptors", "maybe"))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("interceptors"), e.getMessage());
    }

    /** Init-params only. */
    private record Params(Map<String, String> values) implements SettingSources {
        @Override
        public Collection<String> initParamNames() {
            return values.keySet();
        }

        @Override
        public String initParam(String name) {
            return values.get(name);
        }

        @Override
        public Collection<String> contextParamNames() {
            return List.of();
        }

        @Override
        public String contextParam(String name) {
            return null;
        }

        @Override
        public String systemProperty(String name) {
            return null;
        }

        @Override
        public String environmentVariable(String name) {
            return null;
        }
    }
}
