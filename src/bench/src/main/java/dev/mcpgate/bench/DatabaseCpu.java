package dev.mcpgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time of a local PostgreSQL server, from Linux's {@code /proc}: the postmaster (with the CPU of
 * its children that have exited, {@code cutime}/{@code cstime}) plus its live children (backends,
 * WAL writer, checkpointer, ...). The postmaster's pid is the first line of {@code postmaster.pid} in
 * the data directory. {@link #NONE} (always 0) where there is no such server or no {@code /proc}.
 */
interface DatabaseCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat} on Linux ({@code getconf CLK_TCK}). */
    long TICKS_PER_SECOND = 100;

    DatabaseCpu NONE = () -> 0;

    /** CPU nanoseconds used so far. */
    long nanos();

    static DatabaseCpu of(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            List<String> pidFile = Files.readAllLines(Path.of(r.getString(1), "postmaster.pid"));
            long postmaster = Long.parseLong(pidFile.get(0).trim());
            if (!Files.isReadable(Path.of("/proc", String.valueOf(postmaster), "stat"))) {
                return NONE;
            }
            return () -> ticks(postmaster) * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (SQLException | IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static long ticks(long postmaster) {
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f = fields(p.resolve("stat"));
                if (f == null) {
                    continue;
                }
                long pid = Long.parseLong(name);
                // after "(comm)": [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime
                if (pid == postmaster) {
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } else if (Long.parseLong(f[1]) == postmaster) {
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static String[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // the process ended meanwhile
        }
    }
}
