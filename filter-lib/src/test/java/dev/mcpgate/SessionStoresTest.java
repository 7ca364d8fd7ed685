package dev.mcpgate;

import dev.mcpgate.session.ForwardingSessionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.session.InMemorySessionStore;
import dev.mcpgate.session.SessionStore;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoresTest {

    /** A store the way a clustered one is written: a public constructor taking max-sessions. */
    public static final class BoundedStore extends Delegating {
        final int maxSessions;

        public BoundedStore(int maxSessions) {
            this.maxSessions = maxSessions;
        }
    }

    /** A store with only a no-argument constructor. */
    public static final class PlainStore extends Delegating {
    }

    /** A store that cannot be created by the filter. */
    public static final class NeedsAnArgument extends Delegating {
        public NeedsAnArgument(String name) {
        }
    }

    /** Forwards to an in-memory store; remembers whether it was closed. */
    public abstract static class Delegating extends ForwardingSessionStore {
    }

    private static McpGateConfig config(Map<String, String> init) {
        MapSources sources = new MapSources();
        sources.init.putAll(init);
        return McpGateConfig.resolve("f", sources);
    }

    private static final ClassLoader LOADER = SessionStoresTest.class.getClassLoader();

    @Test
    void withoutSettingBeanOrServiceTheStoreIsInMemoryAndTheFiltersToClose() {
        SessionStores.Choice choice = SessionStores.choose(config(Map.of()), LOADER, null);
        assertInstanceOf(InMemorySessionStore.class, choice.store());
        assertTrue(choice.owned());
    }

    @Test
    void theSettingNamesAClassCreatedWithMaxSessions() {
        SessionStores.Choice choice = SessionStores.choose(config(Map.of("session-store",
                BoundedStore.class.getName(), "max-sessions", "42")), LOADER, null);
        BoundedStore store = assertInstanceOf(BoundedStore.class, choice.store());
        assertEquals(42, store.maxSessions);
        assertEquals("setting", choice.source());
        assertTrue(choice.owned());
    }

    @Test
    void aClassWithANoArgumentConstructorWillDo() {
        SessionStores.Choice choice = SessionStores.choose(config(Map.of("session-store", PlainStore.class.getName())),
                LOADER, null);
        assertInstanceOf(PlainStore.class, choice.store());
    }

    @Test
    void aStoreThatCannotBeHadFailsDeploymentNamingTheSetting() {
        for (String name : new String[] {"com.example.Missing", String.class.getName(),
            NeedsAnArgument.class.getName(), Delegating.class.getName()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionStores.choose(config(Map.of("session-store", name)), LOADER, null));
            assertTrue(e.getMessage().startsWith("session-store='" + name + "': "), e.getMessage());
        }
    }

    @Test
    void oneRegisteredServiceIsUsedAndTwoAreAmbiguous(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + SessionStore.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# a clustered store\n" + PlainStore.class.getName() + "\n", StandardCharsets.UTF_8);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER)) {
            SessionStores.Choice choice = SessionStores.choose(config(Map.of()), loader, null);
            assertInstanceOf(PlainStore.class, choice.store());
            assertEquals("service", choice.source());
            assertTrue(choice.owned());
        }
        Files.writeString(services, PlainStore.class.getName() + "\n" + BoundedStore.class.getName() + "\n",
                StandardCharsets.UTF_8);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionStores.choose(config(Map.of()), loader, null));
            assertTrue(e.getMessage().contains("name one with session-store"), e.getMessage());
        }
    }

    @Test
    void theSettingWinsOverARegisteredService(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + SessionStore.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, PlainStore.class.getName() + "\n", StandardCharsets.UTF_8);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER)) {
            SessionStores.Choice choice = SessionStores.choose(config(Map.of("session-store",
                    BoundedStore.class.getName())), loader, null);
            assertInstanceOf(BoundedStore.class, choice.store());
            assertFalse(choice.store() instanceof PlainStore);
        }
    }

    /**
     * A BeanManager as far as the store choice uses it: {@code createInstance().select(SessionStore.class)}
     * answering with the given beans (none, one, or several = ambiguous).
     */
    private static Object beanManager(SessionStore... beans) {
        java.lang.reflect.InvocationHandler selected = (proxy, method, args) -> switch (method.getName()) {
            case "isUnsatisfied" -> beans.length == 0;
            case "isAmbiguous" -> beans.length > 1;
            case "isResolvable" -> beans.length == 1;
            case "get" -> beans[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
        Object instance = java.lang.reflect.Proxy.newProxyInstance(LOADER,
                new Class<?>[] {jakarta.enterprise.inject.Instance.class}, (proxy, method, args) -> {
                    if (method.getName().equals("select") && args.length == 2
                            && SessionStore.class.equals(args[0])) {
                        return java.lang.reflect.Proxy.newProxyInstance(LOADER,
                                new Class<?>[] {jakarta.enterprise.inject.Instance.class}, selected);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Object event = java.lang.reflect.Proxy.newProxyInstance(LOADER,
                new Class<?>[] {jakarta.enterprise.event.Event.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "select" -> proxy;
                    case "fire" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return java.lang.reflect.Proxy.newProxyInstance(LOADER,
                new Class<?>[] {jakarta.enterprise.inject.spi.BeanManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createInstance")) {
                        return instance;
                    }
                    if (method.getName().equals("getEvent")) { // the CDI event sink of a filter's start
                        return event;
                    }
                    if (method.getName().equals("getBeans")) { // a filter's start looks for interceptors: none
                        return java.util.Set.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theApplicationsCdiBeanIsUsedAndNeverClosedByTheFilter(@TempDir Path dir) throws IOException {
        PlainStore bean = new PlainStore();
        Path services = dir.resolve("META-INF/services/" + SessionStore.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, BoundedStore.class.getName() + "\n", StandardCharsets.UTF_8);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER)) {
            SessionStores.Choice choice = SessionStores.choose(config(Map.of()), loader, beanManager(bean));
            assertTrue(choice.store() == bean, "the bean wins over the service file");
            assertEquals("CDI bean", choice.source());
            assertFalse(choice.owned(), "the container owns a bean");
        }
        SessionStores.Choice named = SessionStores.choose(config(Map.of("session-store", BoundedStore.class.getName())),
                LOADER, beanManager(bean));
        assertInstanceOf(BoundedStore.class, named.store(), "the setting wins over the bean");
        assertInstanceOf(InMemorySessionStore.class, SessionStores.choose(config(Map.of()), LOADER, beanManager())
                .store(), "no bean: in memory");
    }

    @Test
    void twoCdiBeansAreAmbiguousAndFailDeployment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionStores.choose(
                config(Map.of()), LOADER, beanManager(new PlainStore(), new PlainStore())));
        assertTrue(e.getMessage().contains("Several CDI beans"), e.getMessage());
    }

    /** An application's servlet context with its attributes, the CDI container's BeanManager among them. */
    private static jakarta.servlet.ServletContext context(Object beanManager) {
        Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();
        attributes.put(jakarta.enterprise.inject.spi.BeanManager.class.getName(), beanManager);
        return (jakarta.servlet.ServletContext) java.lang.reflect.Proxy.newProxyInstance(LOADER,
                new Class<?>[] {jakarta.servlet.ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getAttributeNames" -> java.util.Collections.enumeration(attributes.keySet());
                    case "getInitParameterNames" -> java.util.Collections.emptyEnumeration();
                    case "getContextPath" -> "/app";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static jakarta.servlet.FilterConfig filterConfig(String name, jakarta.servlet.ServletContext context) {
        return (jakarta.servlet.FilterConfig) java.lang.reflect.Proxy.newProxyInstance(LOADER,
                new Class<?>[] {jakarta.servlet.FilterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getFilterName" -> name;
                    case "getServletContext" -> context;
                    case "getInitParameter" -> "mode".equals(args[0]) ? "own" : null;
                    case "getInitParameterNames" -> java.util.Collections.enumeration(java.util.List.of("mode"));
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /**
     * Review of issue 11, item 8: the application's one CDI bean would serve every endpoint, which
     * would then accept each other's own-mode session ids and sweep each other's sessions. The second
     * endpoint fails its deployment, naming both; once the first is gone, the bean is free again.
     */
    @Test
    void aSecondEndpointThatWouldShareTheCdiBeanFailsDeploymentNamingBoth() throws Exception {
        jakarta.servlet.ServletContext context = context(beanManager(new PlainStore()));
        McpSessionFilter a = new McpSessionFilter();
        McpSessionFilter b = new McpSessionFilter();
        McpSessionFilter c = new McpSessionFilter();
        a.init(filterConfig("weather", context));
        try {
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.init(filterConfig("billing", context)));
            assertTrue(e.getMessage().contains("'weather'") && e.getMessage().contains("'billing'")
                    && e.getMessage().contains("session-store"), e.getMessage());
        } finally {
            a.destroy();
        }
        c.init(filterConfig("billing", context));
        c.destroy();
    }
}
