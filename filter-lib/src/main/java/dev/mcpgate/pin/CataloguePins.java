package dev.mcpgate.pin;

import dev.mcpgate.concurrent.BackgroundWorker;
import dev.mcpgate.concurrent.BackgroundWorker.Round;
import dev.mcpgate.concurrent.Backoff;
import dev.mcpgate.schema.CanonicalJson;
import dev.mcpgate.schema.CatalogueHistory;
import dev.mcpgate.schema.CatalogueVersion;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The approved catalogue versions of one endpoint, in memory, and what each tool's definition is against
 * them. Pins are read from the {@link PinStore} once at start ({@link #loadIn}: a background worker that
 * tries again after a growing pause until the store answers, ended by {@link #close}) and replaced on
 * {@link #approve}; the request path only reads memory.
 *
 * <p>For a call, the definition compared is the one the endpoint last listed (every {@code tools/list}
 * answer the interceptor sees, and at start the catalogue history's latest version): a server that changed
 * a tool's description is caught at its next list answer. At most {@value #MAX_TRACKED} tool names are
 * tracked; a call to a name beyond them is judged by the pin alone (listed in it: passes; else new).
 */
public final class CataloguePins implements AutoCloseable {

    /** The only list pinning enforces so far. */
    public static final String TOOLS = "tools/list";
    /** Most tool names whose last listed definition is remembered. */
    static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = System.getLogger(CataloguePins.class.getName());
    /** The pause after the first failed read; it doubles with each failure in a row, up to {@code MAX_RETRY}. */
    static final Duration RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);
    /** Once read, the pins are not read again: the loader's idle rounds (one a day) do nothing. */
    private static final Duration LOADED_IDLE = Duration.ofDays(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    private final String endpoint;
    private final CatalogueHistory history;
    private final PinStore store;
    private final NewItems newItems;
    private final Clock clock;
    /** The approval in force per list; {@code null} until read from the store. */
    private volatile Map<String, Pin> pins;
    /** Per tool name, the hash of the definition last listed. */
    private final Map<String, String> lastListed = new ConcurrentHashMap<>();
    /** Reads the pins in the background; {@code null} until {@link #loadIn}. */
    private BackgroundWorker loader;
    private volatile boolean closing;
    private boolean failedBefore;

    public CataloguePins(String endpoint, CatalogueHistory history, PinStore store, NewItems newItems, Clock clock) {
        this.endpoint = endpoint;
        this.history = history;
        this.store = store;
        this.newItems = newItems;
        this.clock = clock;
    }

    /** The endpoint whose pins these are. */
    public String endpoint() {
        return endpoint;
    }

    /** Whether the pins were read from the store; until then every tool is {@link Drift#UNVERIFIED}. */
    public boolean loaded() {
        return pins != null;
    }

    /** What pinning does with tools the approved version lacks. */
    public NewItems newItems() {
        return newItems;
    }

    /**
     * Reads the approvals in force and the latest listed tools.
     *
     * @throws RuntimeException when the store or the history cannot be read (try again)
     */
    public void load() {
        Map<String, Pin> read = new HashMap<>();
        for (Pin pin : store.inForce(endpoint)) {
            read.put(pin.listMethod(), pin);
        }
        rememberLatest();
        pins = Map.copyOf(read);
    }

    /**
     * Runs {@link #load} on {@code scheduler} now, as a {@link BackgroundWorker}: after a failure it tries
     * again after 2 s, twice as long after each failure in a row up to a minute, until the pins are read
     * or {@link #close} ends it. It asks nothing of the executor but to schedule (a
     * managed executor refuses its life-cycle methods).
     */
    public synchronized void loadIn(ScheduledExecutorService scheduler) {
        loadIn(scheduler, new Backoff(RETRY, MAX_RETRY));
    }

    /** {@link #loadIn(ScheduledExecutorService)} with other pauses (tests). */
    synchronized void loadIn(ScheduledExecutorService scheduler, Backoff backoff) {
        if (loader == null) {
            loader = new BackgroundWorker("catalogue pin loader of " + endpoint, scheduler, this::loadRound, backoff,
                    LOADED_IDLE);
            loader.start();
        }
    }

    /** One try at reading the pins; nothing once they are read or while closing. */
    private Round loadRound() {
        if (pins != null || closing) {
            return Round.IDLE;
        }
        try {
            load();
        } catch (RuntimeException e) {
            if (!failedBefore) {
                failedBefore = true;
                LOG.log(Level.WARNING, "McpGate catalogue pinning of endpoint {0}: approvals not readable yet "
                        + "(tools held back until they are; trying again after {1}, then less often): {2}", endpoint,
                        RETRY, e.getMessage());
            }
            return Round.FAILED;
        }
        LOG.log(Level.INFO, "McpGate catalogue pinning of endpoint {0}: approvals in force {1}", endpoint,
                pins.keySet());
        return Round.IDLE;
    }

    /** Ends the background reading (at filter destroy): a read in progress gets a few seconds, then is given up. */
    @Override
    public void close() {
        BackgroundWorker current;
        synchronized (this) {
            closing = true;
            current = loader;
        }
        if (current != null && !current.close(CLOSE_TIMEOUT, INTERRUPT_GRACE)) {
            LOG.log(Level.WARNING, "McpGate catalogue pinning of endpoint {0}: a read of the approvals did not end "
                    + "within {1} at shutdown; given up", endpoint, CLOSE_TIMEOUT);
        }
    }

    /** The approval in force for a list. */
    public Optional<Pin> pin(String listMethod) {
        Map<String, Pin> current = pins;
        return current == null ? Optional.empty() : Optional.ofNullable(current.get(listMethod));
    }

    /**
     * Approves a recorded version of a list, stores the approval and puts it in force at once. Not for a
     * request thread: it reads the history and writes the store.
     *
     * @throws IllegalArgumentException when the list is not pinnable or the version is not recorded
     * @throws RuntimeException         when the history or the store cannot be reached
     */
    public Pin approve(String listMethod, int version, String decidedBy) {
        if (!TOOLS.equals(listMethod)) {
            throw new IllegalArgumentException("only " + TOOLS + " can be pinned, not " + listMethod);
        }
        CatalogueVersion found = history.version(endpoint, listMethod, version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of " + listMethod
                        + " is recorded at endpoint " + endpoint));
        Pin pin = new Pin(endpoint, listMethod, version, found.contentHash(), itemHashes(found.payload()), decidedBy,
                clock.instant());
        store.save(pin);
        rememberLatest(); // no list answer was looked at while nothing was pinned
        Map<String, Pin> next = new HashMap<>(pins == null ? Map.of() : pins);
        next.put(listMethod, pin);
        pins = Map.copyOf(next);
        LOG.log(Level.INFO, "McpGate catalogue pinning of endpoint {0}: {1} version {2} approved by {3}", endpoint,
                listMethod, version, decidedBy);
        return pin;
    }

    /** A tool as a list answer shows it: remembered for its calls, and judged against the approval. */
    public Drift listed(JsonObject tool) {
        String name = tool.get("name") instanceof JsonString s ? s.getString() : null;
        String hash = itemHash(tool);
        if (name != null) {
            remember(name, hash);
        }
        return judge(name, hash);
    }

    /** A call of a tool, judged by the definition last listed. */
    public Drift called(String name) {
        return judge(name, name == null ? null : lastListed.get(name));
    }

    /** Whether a tool in this state is hidden from lists and refused. */
    public boolean holdsBack(Drift drift) {
        return drift == Drift.CHANGED || drift == Drift.UNVERIFIED || drift == Drift.NEW && newItems == NewItems.HIDE;
    }

    /** {@code hash}: the definition's, or {@code null} when none is known (judged by the pin alone). */
    private Drift judge(String name, String hash) {
        Map<String, Pin> current = pins;
        if (current == null) {
            return Drift.UNVERIFIED;
        }
        Pin pin = current.get(TOOLS);
        if (pin == null) {
            return Drift.UNPINNED;
        }
        String approved = name == null ? null : pin.itemHashes().get(name);
        if (approved == null) {
            return Drift.NEW;
        }
        return hash == null || approved.equals(hash) ? Drift.SAME : Drift.CHANGED;
    }

    private void rememberLatest() {
        history.latest(endpoint, TOOLS).ifPresent(latest -> itemHashes(latest.payload()).forEach(this::remember));
    }

    private void remember(String name, String hash) {
        if (lastListed.size() < MAX_TRACKED || lastListed.containsKey(name)) {
            lastListed.put(name, hash);
        }
    }

    /** SHA-256 (hex) of an item's canonical JSON: the catalogue history's notion of "the same item". */
    static String itemHash(JsonObject item) {
        return CanonicalJson.sha256(CanonicalJson.of(item));
    }

    /** Per tool name, its hash, from a stored payload (a canonical JSON array of the items). */
    static Map<String, String> itemHashes(String payload) {
        Map<String, String> hashes = new LinkedHashMap<>();
        if (payload == null) {
            return hashes;
        }
        try (var reader = Json.createReader(new StringReader(payload))) {
            JsonArray items = reader.readArray();
            for (JsonValue value : items) {
                if (value instanceof JsonObject item && item.get("name") instanceof JsonString name) {
                    hashes.put(name.getString(), itemHash(item));
                }
            }
        }
        return hashes;
    }
}
