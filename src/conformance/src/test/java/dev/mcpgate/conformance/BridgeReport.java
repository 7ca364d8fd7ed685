package dev.mcpgate.conformance;

import dev.mcpgate.conformance.ConformanceSuite.Check;
import dev.mcpgate.conformance.ConformanceSuite.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One conformance run behind the era bridge, per scenario: a Markdown table in the results folder (scored or
 * not, verdict, failed checks) and the lists the ITs assert on.
 */
record BridgeReport(String title, List<String> required, Result run, Map<String, String> cannotBeMapped) {

    /** Failed checks of one scenario, "id (message)". */
    List<String> failures(String scenario) {
        List<Check> checks = run.byScenario().getOrDefault(scenario, List.of());
        return checks.stream().filter(c -> "FAILURE".equals(c.status())).map(Check::toString).toList();
    }

    List<String> notRun() {
        return required.stream().filter(s -> !run.byScenario().containsKey(s)).toList();
    }

    /** Scored scenarios with a failed check, less those named unmappable. */
    List<String> failing() {
        List<String> failing = new ArrayList<>();
        for (String s : required) {
            if (run.byScenario().containsKey(s) && !failures(s).isEmpty() && !cannotBeMapped.containsKey(s)) {
                failing.add(s + " " + failures(s));
            }
        }
        return failing;
    }

    /** Scenarios named unmappable that pass after all: the list must be corrected. */
    List<String> unmappableButPassing() {
        return cannotBeMapped.keySet().stream()
                .filter(s -> run.byScenario().containsKey(s) && failures(s).isEmpty()).sorted().toList();
    }

    /** Writes {@code <results>/<file>} and prints it; returns its path. */
    Path write(String file) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
                .append("| scenario | scored | verdict | failed checks |\n|---|---|---|---|\n");
        long passed = required.stream().filter(s -> run.byScenario().containsKey(s) && failures(s).isEmpty()).count();
        for (String scenario : run.byScenario().keySet()) {
            List<String> failed = failures(scenario);
            md.append("| ").append(scenario).append(" | ").append(required.contains(scenario) ? "yes" : "no")
                    .append(" | ").append(failed.isEmpty() ? "pass" : "FAIL")
                    .append(cannotBeMapped.containsKey(scenario) ? " (cannot be mapped: "
                            + cannotBeMapped.get(scenario) + ")" : "")
                    .append(" | ").append(String.join("; ", failed).replace("|", "\\|").replace("\n", " "))
                    .append(" |\n");
        }
        notRun().forEach(s -> md.append("| ").append(s).append(" | yes | NOT RUN | |\n"));
        md.append("\nScored: ").append(passed).append('/').append(required.size()).append(" pass. Run: ")
                .append(run.summary()).append('\n');
        Path dir = Path.of(System.getProperty("mcpgate.conformance.results.dir", "target/conformance-results"));
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(file).toAbsolutePath();
            Files.writeString(out, md, StandardCharsets.UTF_8);
            System.out.println(md);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
