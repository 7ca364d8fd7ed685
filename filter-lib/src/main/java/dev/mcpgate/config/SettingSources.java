package dev.mcpgate.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Where setting values come from, in the order they are consulted. */
public interface SettingSources {

    /** Names of the filter's init-params (none for the other components). */
    Collection<String> initParamNames();

    /** An init-param value, or {@code null}. */
    String initParam(String name);

    /** Names of the context-params (all of them; only the family's {@code dev.mcpgate.*} ones are checked). */
    Collection<String> contextParamNames();

    /** A context-param value, or {@code null}. */
    String contextParam(String name);

    /** A system property, or {@code null}. */
    default String systemProperty(String name) {
        return System.getProperty(name);
    }

    /** An environment variable, or {@code null}. */
    default String environmentVariable(String name) {
        return System.getenv(name);
    }

    /** Only these system properties and this environment: no init-params, no context-params (the launcher). */
    static SettingSources of(Properties system, Map<String, String> environment) {
        return new SettingSources() {
            @Override
            public Collection<String> initParamNames() {
                return List.of();
            }

            @Override
            public String initParam(String name) {
                return null;
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
                return system.getProperty(name);
            }

            @Override
            public String environmentVariable(String name) {
                return environment.get(name);
            }
        };
    }

    /** No source at all: every setting has its default. */
    static SettingSources none() {
        return of(new Properties(), Map.of());
    }
}
