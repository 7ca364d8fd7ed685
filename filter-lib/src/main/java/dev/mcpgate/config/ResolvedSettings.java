package dev.mcpgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one resolver: the raw values of every setting of one vocabulary (an enum of
 * {@link SettingDefinition}s of one {@link SettingFamily}), read from the sources in the family's
 * order, and the problems found on the way. {@link #resolve} refuses the init-params and the family's
 * context-params that name no setting; each typed read ({@link #parse} and the shorthands) records a
 * problem for a value it cannot take, naming the setting and the value, and goes on with the default,
 * so that {@link #throwIfProblems} fails once with every problem rather than once per typo.
 *
 * @param <S> the vocabulary
 */
public final class ResolvedSettings<S extends Enum<S> & SettingDefinition> {

    private final Map<S, String> raw;
    private final Map<S, String> origins;
    private final List<String> problems = new ArrayList<>();

    private ResolvedSettings(Map<S, String> raw, Map<S, String> origins) {
        this.raw = raw;
        this.origins = origins;
    }

    /** Reads every setting of {@code vocabulary} and checks the names of the sources. */
    public static <S extends Enum<S> & SettingDefinition> ResolvedSettings<S> resolve(Class<S> vocabulary,
                                                                                   SettingSources sources) {
        Map<S, String> raw = new EnumMap<>(vocabulary);
        Map<S, String> origins = new EnumMap<>(vocabulary);
        for (S setting : EnumSet.allOf(vocabulary)) {
            Found found = find(setting, sources);
            raw.put(setting, found == null ? setting.defaultValue() : found.value());
            if (found != null) {
                origins.put(setting, found.origin());
            }
        }
        ResolvedSettings<S> settings = new ResolvedSettings<>(raw, origins);
        settings.rejectUnknownNames(vocabulary, sources);
        return settings;
    }

    /** The value the sources give {@code setting}, or {@code null} when none does (its default then applies). */
    public static String value(SettingDefinition setting, SettingSources sources) {
        Found found = find(setting, sources);
        return found == null ? null : found.value();
    }

    /** The value as given (a password keeps its spaces), or the default. */
    public String raw(S setting) {
        return raw.get(setting);
    }

    /** The value less surrounding white space, or the default. */
    public String text(S setting) {
        return raw.get(setting).trim();
    }

    /** Whether a source gives the setting a value (rather than its default). */
    public boolean isSet(S setting) {
        return origins.containsKey(setting);
    }

    /** Where the value came from, e.g. {@code system property mcpgate.port}; {@code default} when from none. */
    public String origin(S setting) {
        return origins.getOrDefault(setting, "default");
    }

    /**
     * The trimmed value through {@code parser}; when that throws, a problem naming the setting, the
     * value ({@link SettingDefinition#shown}), the parser's message and where the value came from, and
     * the default's parse.
     */
    public <T> T parse(S setting, Function<String, T> parser) {
        String value = text(setting);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            problem(setting.key() + "='" + setting.shown(value) + "': " + e.getMessage() + " (" + origin(setting) + ")");
            return parser.apply(setting.defaultValue());
        }
    }

    public boolean bool(S setting) {
        return parse(setting, SettingValues::bool);
    }

    public int positiveInt(S setting) {
        return parse(setting, SettingValues::positiveInt);
    }

    public int size(S setting) {
        return parse(setting, SettingValues::size);
    }

    public Duration duration(S setting) {
        return parse(setting, SettingValues::duration);
    }

    /** A duration that may be left empty: {@code null} then. */
    public Duration optionalDuration(S setting) {
        return parse(setting, SettingValues::optionalDuration);
    }

    /** Records a problem that no single parse finds (two settings that disagree). */
    public void problem(String problem) {
        problems.add(problem);
    }

    /** The problems so far, in the order found. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Throws one {@link IllegalArgumentException}, {@code <what> is invalid: <problem>; <problem>},
     * when there is any problem.
     */
    public void throwIfProblems(String what) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(what + " is invalid: " + String.join("; ", problems));
        }
    }

    private void rejectUnknownNames(Class<S> vocabulary, SettingSources sources) {
        SettingFamily family = familyOf(vocabulary);
        Map<String, S> byKey = new HashMap<>();
        EnumSet.allOf(vocabulary).forEach(setting -> byKey.put(setting.key(), setting));
        if (family.takesInitParams()) {
            for (String name : sources.initParamNames()) {
                if (!byKey.containsKey(name)) {
                    problem("unknown init-param '" + name + "'");
                }
            }
        }
        for (String name : sources.contextParamNames()) {
            String key = family.keyOfContextParam(name);
            if (key != null && !byKey.containsKey(key)) {
                problem("unknown context-param '" + name + "'");
            }
        }
    }

    private static <S extends Enum<S> & SettingDefinition> SettingFamily familyOf(Class<S> vocabulary) {
        S[] settings = vocabulary.getEnumConstants();
        SettingFamily family = settings[0].family();
        for (S setting : settings) {
            if (setting.family() != family) {
                throw new IllegalStateException(vocabulary.getName() + " mixes the families " + family + " and "
                        + setting.family());
            }
        }
        return family;
    }

    private static Found find(SettingDefinition setting, SettingSources sources) {
        SettingFamily family = setting.family();
        if (family.takesInitParams()) {
            Found found = found(sources.initParam(setting.key()), "init-param " + setting.key(), family);
            if (found != null) {
                return found;
            }
        }
        if (setting.contextParam() != null) {
            Found found = found(sources.contextParam(setting.contextParam()), "context-param " + setting.contextParam(),
                    family);
            if (found != null) {
                return found;
            }
        }
        for (String property : setting.systemProperties()) {
            Found found = found(sources.systemProperty(property), "system property " + property, family);
            if (found != null) {
                return found;
            }
        }
        for (String variable : setting.environmentVariables()) {
            Found found = found(sources.environmentVariable(variable), "environment variable " + variable, family);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Found found(String value, String origin, SettingFamily family) {
        if (value == null || family.blankIsUnset() && value.isBlank()) {
            return null;
        }
        return new Found(value, origin);
    }

    private record Found(String value, String origin) {
    }
}
