package dev.mcpgate.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the microbenchmarks of {@code dev.mcpgate.bench.jmh} with the GC profiler. Short by default
 * (1 fork, 3 × 1 s warm-up, 3 × 1 s measurement); {@code bench.jmh.forks}, {@code bench.jmh.warmups},
 * {@code bench.jmh.iterations}, {@code bench.jmh.time} override; a smoke run takes 1 × 200 ms each.
 */
final class JmhRunner {

    record Figure(String name, double opsPerSecond, double bytesPerOp) {
    }

    private JmhRunner() {
    }

    static List<Figure> run(boolean smoke) throws Exception {
        int forks = Integer.parseInt(BenchMain.prop("bench.jmh.forks", "1"));
        int warmups = Integer.parseInt(BenchMain.prop("bench.jmh.warmups", smoke ? "1" : "3"));
        int iterations = Integer.parseInt(BenchMain.prop("bench.jmh.iterations", smoke ? "1" : "3"));
        TimeValue time = TimeValue.fromString(BenchMain.prop("bench.jmh.time", smoke ? "200ms" : "1s"));
        if (smoke) {
            warmups = 1;
            iterations = 1;
            time = TimeValue.milliseconds(200);
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.mcpgate\\.bench\\.jmh\\..*")
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(time)
                .measurementIterations(iterations)
                .measurementTime(time)
                .jvmArgs("-Xmx512m")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark().replace("dev.mcpgate.bench.jmh.", "");
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                params.append(params.length() == 0 ? " [" : ", ").append(key).append('=')
                        .append(r.getParams().getParam(key));
            }
            if (params.length() > 0) {
                params.append(']');
            }
            @SuppressWarnings("rawtypes") // JMH's API hands out raw Results
            Map<String, Result> secondary = r.getSecondaryResults();
            @SuppressWarnings("rawtypes")
            Result alloc = secondary.get("gc.alloc.rate.norm");
            figures.add(new Figure(label + params, r.getPrimaryResult().getScore(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return figures;
    }
}
