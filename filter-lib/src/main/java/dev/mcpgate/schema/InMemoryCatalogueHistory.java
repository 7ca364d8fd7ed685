package dev.mcpgate.schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue history in the JVM's memory: what the filter keeps when {@code store=none}. It is
 * lost on restart (so numbering starts again at 1 then); with {@code store=jpa} the database keeps
 * it instead. Retention as in the database: a version is kept while it is among the last
 * {@code schema-keep-versions} of its list, or first or last seen within {@code store-retention},
 * or its list's current version; the others go, with the changes that led to them and their sightings, whenever a
 * version is added. Bounded besides: at most {@value #MAX_VERSIONS} versions per list (the oldest go
 * first), {@value #MAX_SIGHTINGS} sightings per endpoint (the least recently seen go first) and
 * {@value #MAX_CHANGES} changes. Thread-safe; every method holds one lock briefly.
 */
public final class InMemoryCatalogueHistory implements CatalogueHistory {

    static final int MAX_VERSIONS = 1000;
    static final int MAX_SIGHTINGS = 10_000;
    static final int MAX_CHANGES = 100_000;
    /** {@code schema-keep-versions}'s default. */
    public static final int DEFAULT_KEEP_VERSIONS = 100;
    /** {@code store-retention}'s default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private record ListKey(String endpoint, String listMethod) {
    }

    private final Map<ListKey, List<CatalogueVersion>> versions = new HashMap<>();
    private final List<CatalogueChange> changes = new ArrayList<>();
    private final Map<ListKey, ListState> states = new LinkedHashMap<>();
    private final Map<String, Map<String, Sighting>> sightings = new HashMap<>();
    private final int keepVersions;
    private final Duration retention;
    private final Clock clock;

    /** A history with the default retention: the last {@value #DEFAULT_KEEP_VERSIONS} versions and 30 days. */
    public InMemoryCatalogueHistory() {
        this(DEFAULT_KEEP_VERSIONS, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /**
     * @param keepVersions versions always kept per list, the newest ({@code schema-keep-versions})
     * @param retention    versions younger than this are kept too ({@code store-retention})
     * @param clock        what "now" is for the retention
     */
    public InMemoryCatalogueHistory(int keepVersions, Duration retention, Clock clock) {
        this.keepVersions = keepVersions;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<CatalogueVersion> latest(String endpoint, String listMethod) {
        List<CatalogueVersion> list = versions.get(new ListKey(endpoint, listMethod));
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public synchronized Optional<CatalogueVersion> withContentHash(String endpoint, String listMethod, String hash) {
        List<CatalogueVersion> list = versions.getOrDefault(new ListKey(endpoint, listMethod), List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).contentHash().equals(hash)) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<CatalogueVersion> version(String endpoint, String listMethod, int version) {
        return versions.getOrDefault(new ListKey(endpoint, listMethod), List.of()).stream()
                .filter(v -> v.version() == version).findFirst();
    }

    @Override
    public synchronized void add(CatalogueVersion version, List<CatalogueChange> newChanges) {
        List<CatalogueVersion> list = versions.computeIfAbsent(new ListKey(version.endpoint(), version.listMethod()),
                k -> new ArrayList<>());
        if (!list.isEmpty() && list.get(list.size() - 1).version() >= version.version()) {
            throw new IllegalStateException("version " + version.version() + " of " + version.listMethod()
                    + " at " + version.endpoint() + " exists already");
        }
        list.add(version);
        changes.addAll(newChanges);
        retain(new ListKey(version.endpoint(), version.listMethod()), list);
        if (list.size() > MAX_VERSIONS) {
            forget(list.remove(0));
        }
        if (changes.size() > MAX_CHANGES) {
            changes.subList(0, changes.size() - MAX_CHANGES).clear();
        }
    }

    /** Drops the versions of a list that are neither among the last {@code keepVersions}, nor first or last seen lately, nor current. */
    private void retain(ListKey key, List<CatalogueVersion> list) {
        if (list.size() <= keepVersions) {
            return;
        }
        Instant cutoff = clock.instant().minus(retention);
        ListState state = states.get(key);
        int current = state == null ? 0 : state.currentVersion();
        Set<Integer> seenLately = new HashSet<>();
        for (Sighting sighting : sightings.getOrDefault(key.endpoint(), Map.of()).values()) {
            if (sighting.listMethod().equals(key.listMethod()) && !sighting.lastSeen().isBefore(cutoff)) {
                seenLately.add(sighting.version());
            }
        }
        int candidates = list.size() - keepVersions;
        Set<Integer> gone = new HashSet<>();
        for (var it = list.subList(0, candidates).iterator(); it.hasNext(); ) {
            CatalogueVersion old = it.next();
            if (old.firstSeen().isBefore(cutoff) && old.version() != current && !seenLately.contains(old.version())) {
                it.remove();
                gone.add(old.version());
            }
        }
        forget(key, gone);
    }

    private void forget(CatalogueVersion gone) {
        forget(new ListKey(gone.endpoint(), gone.listMethod()), Set.of(gone.version()));
    }

    /** Removes what refers to versions that are gone: the changes that led to them, their sightings. */
    private void forget(ListKey key, Set<Integer> gone) {
        if (gone.isEmpty()) {
            return;
        }
        changes.removeIf(c -> gone.contains(c.toVersion()) && c.endpoint().equals(key.endpoint())
                && c.listMethod().equals(key.listMethod()));
        Map<String, Sighting> ofEndpoint = sightings.get(key.endpoint());
        if (ofEndpoint != null) {
            ofEndpoint.values().removeIf(s -> gone.contains(s.version())
                    && Objects.equals(s.listMethod(), key.listMethod()));
        }
    }

    @Override
    public synchronized void seen(Sighting sighting) {
        Map<String, Sighting> ofEndpoint = sightings.computeIfAbsent(sighting.endpoint(),
                k -> new LinkedHashMap<>(256, 0.75f, true));
        String key = sighting.listMethod() + " " + sighting.version() + " " + sighting.receiverKey();
        Sighting known = ofEndpoint.get(key);
        ofEndpoint.put(key, known == null ? sighting : new Sighting(known.endpoint(), known.listMethod(),
                known.version(), known.sessionId(), known.principal(), known.clientName(), known.firstSeen(),
                sighting.lastSeen()));
        if (ofEndpoint.size() > MAX_SIGHTINGS) {
            var eldest = ofEndpoint.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    @Override
    public synchronized void markStale(String endpoint, String listMethod, Instant since) {
        ListKey key = new ListKey(endpoint, listMethod);
        ListState state = states.get(key);
        if (state == null) {
            states.put(key, new ListState(endpoint, listMethod, 0, since, since));
        } else if (state.staleSince() == null) {
            states.put(key, new ListState(endpoint, listMethod, state.currentVersion(), since, since));
        }
    }

    @Override
    public synchronized void current(String endpoint, String listMethod, int version, Instant at) {
        states.put(new ListKey(endpoint, listMethod), new ListState(endpoint, listMethod, version, null, at));
    }

    @Override
    public synchronized List<ListState> lists(String endpoint) {
        return states.values().stream().filter(s -> s.endpoint().equals(endpoint))
                .sorted(Comparator.comparing(ListState::listMethod)).toList();
    }

    @Override
    public synchronized List<CatalogueVersion> versions(String endpoint, String listMethod, int limit) {
        List<CatalogueVersion> list = versions.getOrDefault(new ListKey(endpoint, listMethod), List.of());
        List<CatalogueVersion> newestFirst = new ArrayList<>();
        for (int i = list.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(list.get(i).withoutPayload());
        }
        return newestFirst;
    }

    @Override
    public synchronized List<CatalogueChange> changes(String endpoint, Instant from, Instant to, int limit) {
        List<CatalogueChange> found = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0 && found.size() < limit; i--) {
            CatalogueChange c = changes.get(i);
            if ((endpoint == null || endpoint.equals(c.endpoint())) && !c.detectedAt().isBefore(from)
                    && c.detectedAt().isBefore(to)) {
                found.add(c);
            }
        }
        return found;
    }

    @Override
    public synchronized List<CatalogueChange> changesTo(String endpoint, String listMethod, int version) {
        return changes.stream().filter(c -> c.endpoint().equals(endpoint) && c.listMethod().equals(listMethod)
                && c.toVersion() == version).toList();
    }

    @Override
    public synchronized List<Sighting> sightings(String endpoint, String listMethod, int version, int limit) {
        return sightings.getOrDefault(endpoint, Map.of()).values().stream()
                .filter(s -> Objects.equals(s.listMethod(), listMethod) && s.version() == version)
                .sorted(Comparator.comparing(Sighting::lastSeen).reversed())
                .limit(limit)
                .toList();
    }
}
