package dev.mcpgate.rules;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules file of the setting {@code rules-file}, read at start and checked again by {@link #check()},
 * which the filter runs every {@code rules-check-interval} on its scheduler, off the request thread. A changed file (its bytes' digest differs)
 * replaces the rules in force only when it is valid; a broken one keeps the old rules, is logged once
 * with every problem, and counted.
 */
public final class RulesFile {

    private static final System.Logger LOG = System.getLogger(RulesFile.class.getName());

    private final Path path;
    private final String endpoint;
    private volatile RuleSet current;
    private volatile String lastProblem;
    private volatile String lastFailedDigest;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private RulesFile(Path path, String endpoint, RuleSet rules) {
        this.path = path;
        this.endpoint = endpoint;
        this.current = rules;
    }

    /**
     * Reads and checks the file.
     *
     * @param endpoint the endpoint the rules are for (log lines name it: every filter instance reads its own)
     * @throws RulesException when it cannot be read or is not valid, naming every problem
     */
    public static RulesFile load(Path path, String endpoint) throws RulesException {
        RuleSet rules = RulesReader.read(path.toString(), read(path));
        LOG.log(Level.INFO, () -> "Rules file " + path + " (endpoint " + endpoint + "): " + rules.size()
                + " rules, version " + rules.version().substring(0, 12));
        return new RulesFile(path, endpoint, rules);
    }

    /** The rules in force. */
    public RuleSet current() {
        return current;
    }

    /** Successful reloads since start. */
    public long reloads() {
        return reloads.get();
    }

    /** Changed files that were refused (each distinct broken content counted once). */
    public long failures() {
        return failures.get();
    }

    /** Why the last refused file was refused, or {@code null} when the file in force is the newest. */
    public String lastProblem() {
        return lastProblem;
    }

    /**
     * Reads the file again and takes it when it changed and is valid. A problem with the file (unreadable, invalid) keeps the
     * rules in force.
     *
     * @return whether the rules in force changed
     */
    public boolean check() {
        byte[] bytes;
        try {
            bytes = read(path);
        } catch (RulesException e) {
            refuse("unreadable:" + e.getMessage(), e);
            return false;
        }
        String digest = RulesReader.digest(bytes);
        if (digest.equals(current.version())) {
            lastProblem = null;
            return false;
        }
        try {
            RuleSet rules = RulesReader.read(path.toString(), bytes);
            current = rules;
            lastProblem = null;
            lastFailedDigest = null;
            reloads.incrementAndGet();
            LOG.log(Level.INFO, () -> "Rules file " + path + " (endpoint " + endpoint + ") reloaded: " + rules.size()
                    + " rules, version " + rules.version().substring(0, 12));
            return true;
        } catch (RulesException e) {
            refuse(digest, e);
            return false;
        }
    }

    private void refuse(String failure, RulesException e) {
        if (failure.equals(lastFailedDigest)) {
            return;
        }
        lastFailedDigest = failure;
        lastProblem = e.getMessage();
        failures.incrementAndGet();
        LOG.log(Level.WARNING, () -> e.getMessage() + " — endpoint " + endpoint + " keeps the rules in force (version "
                + current.version().substring(0, Math.min(12, current.version().length())) + ")");
    }

    private static byte[] read(Path path) throws RulesException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(RulesReader.MAX_BYTES + 1);
            return bytes;
        } catch (IOException | SecurityException e) {
            throw new RulesException(path.toString(), List.of("cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
        }
    }
}
