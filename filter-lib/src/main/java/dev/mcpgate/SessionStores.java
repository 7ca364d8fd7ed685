package dev.mcpgate;

import dev.mcpgate.session.InMemorySessionStore;
import dev.mcpgate.session.SessionStore;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Picks the {@link SessionStore} of one filter: the class named by {@code session-store}, else the
 * application's CDI bean, else the {@code META-INF/services} registration, else an
 * {@link InMemorySessionStore} (see {@link SessionStore} for the rules).
 *
 * <p>A store the filter creates serves its endpoint alone. The CDI bean is the application's one
 * store, and a store knows nothing of endpoints: shared, endpoint B would accept A's {@code own}-mode
 * session ids and B's sweep would end A's sessions. So one endpoint {@link #claim claims} the bean,
 * and a second endpoint of the application that would use it too fails its deployment.
 */
final class SessionStores {

    private static final String SERVICE_FILE = "META-INF/services/" + SessionStore.class.getName();

    /** The chosen store, and whether the filter created it (and so closes it). */
    record Choice(SessionStore store, String source, boolean owned) {
    }

    /** Servlet context attribute: the endpoint whose filter uses the application's CDI bean. */
    static final String CDI_BEAN_ENDPOINT = SessionStores.class.getName() + ".cdiBeanEndpoint";

    private SessionStores() {
    }

    /**
     * Takes the application's CDI bean for {@code endpoint}; a store the filter created is its own
     * and needs no claim.
     *
     * @throws IllegalStateException naming both endpoints when another endpoint of the application
     *                               uses the bean already
     */
    static void claim(Choice choice, String endpoint, ServletContext context) {
        if (choice.owned()) {
            return;
        }
        synchronized (SessionStores.class) {
            Object user = context.getAttribute(CDI_BEAN_ENDPOINT);
            if (user != null && !user.equals(endpoint)) {
                throw new IllegalStateException("McpGate endpoints '" + user + "' and '" + endpoint
                        + "' would share the application's CDI SessionStore bean (" + choice.store().getClass().getName()
                        + "), and with it each other's sessions; the bean serves one endpoint: give '" + endpoint
                        + "' its own store with " + Setting.SESSION_STORE.key());
            }
            context.setAttribute(CDI_BEAN_ENDPOINT, endpoint);
        }
    }

    /** The endpoint's filter is going away: another may take the CDI bean. */
    static void release(Choice choice, String endpoint, ServletContext context) {
        if (choice.owned()) {
            return;
        }
        synchronized (SessionStores.class) {
            if (endpoint.equals(context.getAttribute(CDI_BEAN_ENDPOINT))) {
                context.removeAttribute(CDI_BEAN_ENDPOINT);
            }
        }
    }

    /**
     * @param beanManager a BeanManager the CDI container published as a context attribute, or
     *                    {@code null}
     * @throws IllegalArgumentException naming {@code session-store} or the service file when the
     *                                  store cannot be had
     */
    static Choice choose(McpGateConfig config, ClassLoader loader, Object beanManager) {
        if (!config.sessions().storeClass().isEmpty()) {
            return new Choice(create(named(config.sessions().storeClass(), loader), config.sessions().max(),
                    Setting.SESSION_STORE.key() + "='" + config.sessions().storeClass() + "'"), "setting", true);
        }
        SessionStore bean = cdiBean(loader, beanManager);
        if (bean != null) {
            return new Choice(bean, "CDI bean", false);
        }
        Class<? extends SessionStore> registered = registered(loader);
        if (registered != null) {
            return new Choice(create(registered, config.sessions().max(),
                    SERVICE_FILE + " (" + registered.getName() + ")"),
                    "service", true);
        }
        return new Choice(new InMemorySessionStore(config.sessions().max()), "in memory", true);
    }

    private static Class<? extends SessionStore> named(String className, ClassLoader loader) {
        return type(className, loader, Setting.SESSION_STORE.key() + "='" + className + "': ");
    }

    private static Class<? extends SessionStore> type(String className, ClassLoader loader, String problem) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(problem + "no such class in the application", e);
        }
        if (!SessionStore.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(problem + "does not implement " + SessionStore.class.getName());
        }
        return type.asSubclass(SessionStore.class);
    }

    /**
     * The one class named in the application's {@code META-INF/services/dev.mcpgate.session.SessionStore}
     * files, or {@code null}; several are ambiguous. The files are read here rather than by
     * {@link java.util.ServiceLoader}, which would insist on a no-argument constructor: a store may
     * take {@code max-sessions} as well.
     */
    private static Class<? extends SessionStore> registered(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (URL file : Collections.list(loader.getResources(SERVICE_FILE))) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    reader.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
                            .forEach(names::add);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(SERVICE_FILE + " cannot be read: " + e, e);
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException("Several SessionStore implementations are registered in "
                    + SERVICE_FILE + " " + names + "; name one with " + Setting.SESSION_STORE.key());
        }
        return names.isEmpty() ? null : type(names.iterator().next(), loader, SERVICE_FILE + " names "
                + names.iterator().next() + ": ");
    }

    /** Through its public {@code (int maxSessions)} constructor, else its public no-argument one. */
    static SessionStore create(Class<? extends SessionStore> type, int maxSessions, String what) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(what + ": must be a public, concrete class");
        }
        try {
            Constructor<? extends SessionStore> bounded = constructor(type, int.class);
            if (bounded != null) {
                return bounded.newInstance(maxSessions);
            }
            Constructor<? extends SessionStore> plain = constructor(type);
            if (plain != null) {
                return plain.newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(what + ": its constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(what + ": cannot be created: " + e, e);
        }
        throw new IllegalArgumentException(what + ": needs a public constructor taking the int max-sessions, "
                + "or a public no-argument one");
    }

    private static <T> Constructor<T> constructor(Class<T> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The application's one CDI bean of type SessionStore, or {@code null} (no CDI, no bean). */
    private static SessionStore cdiBean(ClassLoader loader, Object beanManager) {
        try {
            Class.forName("jakarta.enterprise.inject.spi.BeanManager", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return Cdi.bean(beanManager);
    }

    /** Touches CDI types; loaded only when the CDI API is present. */
    private static final class Cdi {
        static SessionStore bean(Object attribute) {
            BeanManager beanManager = CdiContainer.beanManager(attribute);
            if (beanManager == null) {
                return null; // no CDI container for this application
            }
            Instance<SessionStore> stores = beanManager.createInstance().select(SessionStore.class);
            if (stores.isUnsatisfied()) {
                return null;
            }
            if (stores.isAmbiguous()) {
                throw new IllegalArgumentException("Several CDI beans of type " + SessionStore.class.getName()
                        + " exist; keep one, or name a class with " + Setting.SESSION_STORE.key());
            }
            return stores.get();
        }
    }
}
