package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No method in the production code of any module (filter, gateway WAR, launcher; the EAR has no
 * Java sources) is longer than {@value #MAX_LINES} lines, counted from its declaration's first line
 * (annotations included, javadoc not) to its closing brace. The sources are parsed with the JDK's own compiler API, so a method is a
 * method (lambdas and anonymous classes count towards the one that holds them). The harnesses under
 * {@code src/} (benchmark, conformance runner) are not production code and are not checked.
 */
class MethodLengthTest {

    static final int MAX_LINES = 60;
    /** The production sources of every module, from filter-lib's directory (where surefire runs). */
    private static final List<Path> SOURCES = Stream.of("filter-lib", "war", "launcher")
            .map(module -> Path.of("..", module, "src", "main", "java")).toList();
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noProductionMethodIsLongerThanTheLimit() throws IOException {
        Map<String, Long> tooLong = methodsOver(MAX_LINES);
        assertEquals(Set.of(), tooLong.keySet(), "methods over " + MAX_LINES + " lines (split them): " + tooLong);
    }

    @Test
    void theCheckSeesEveryModulesSources() throws IOException {
        for (Path root : SOURCES) {
            assertTrue(Files.isDirectory(root), root.toAbsolutePath().normalize() + " is not there");
        }
        assertTrue(methodsOver(0).keySet().stream().anyMatch(m -> m.contains("/UpstreamExchange.java:start ")),
                "the WAR's methods are measured");
    }

    /** {@code path/File.java:method line} → its length in lines, for each method longer than {@code limit}. */
    private static Map<String, Long> methodsOver(int limit) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, Long> found = new TreeMap<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(javaFiles()));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                LineMap lines = unit.getLineMap();
                String file = REPOSITORY.relativize(Path.of(unit.getSourceFile().toUri()).normalize()).toString();
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        if (method.getBody() != null) {
                            long first = lines.getLineNumber(positions.getStartPosition(unit, method));
                            long length = lines.getLineNumber(positions.getEndPosition(unit, method)) - first + 1;
                            if (length > limit) {
                                found.put(file + ":" + method.getName() + " " + first, length);
                            }
                        }
                        return super.visitMethod(method, unused);
                    }
                }.scan(unit, null);
            }
        }
        return found;
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> javaFiles = new ArrayList<>();
        for (Path root : SOURCES) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(f -> f.toString().endsWith(".java")).forEach(javaFiles::add);
                }
            }
        }
        return javaFiles;
    }
}
