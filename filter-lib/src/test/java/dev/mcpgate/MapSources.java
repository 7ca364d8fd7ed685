package dev.mcpgate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Settings sources backed by maps, as a web.xml and the JVM would give them. */
final class MapSources implements McpGateConfig.Sources {
    final Map<String, String> init = new HashMap<>();
    final Map<String, String> context = new HashMap<>();
    final Map<String, String> system = new HashMap<>();
    final Map<String, String> environment = new HashMap<>();

    @Override
    public Collection<String> initParamNames() {
        return init.keySet();
    }

    @Override
    public String initParam(String name) {
        return init.get(name);
    }

    @Override
    public Collection<String> contextParamNames() {
        return context.keySet();
    }

    @Override
    public String contextParam(String name) {
        return context.get(name);
    }

    @Override
    public String systemProperty(String name) {
        return system.get(name);
    }

    @Override
    public String environmentVariable(String name) {
        return environment.get(name);
    }
}
