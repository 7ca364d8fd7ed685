package dev.mcpgate.conformance.sdk210;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The real MCP Java SDK 2.1.0 in this module, whose class path holds SDK 2.2.0: a class loader over the 2.1.0
 * jars ({@code mcp-core}, {@code mcp-json-jackson3}; copied by the build to {@code mcpgate.sdk210.dir}) that
 * loads every {@code io.modelcontextprotocol.*} class and this package's drivers itself (child first), and the
 * rest (Reactor, Jackson, SLF4J, the JDK) from the class path. 2.2.0's legacy classes are not 2.1.0's
 * (199 of the 383 class files differ), so a "2.1.0 client" must be this one. The drivers are compiled against
 * 2.2.0's legacy API and linked here against 2.1.0: only API both have.
 */
public final class Sdk210 {

    public static final String DIR_PROPERTY = "mcpgate.sdk210.dir";
    private static final String OWN_PACKAGE = Sdk210.class.getPackageName() + ".";

    private Sdk210() {
    }

    private static ClassLoader loader;

    /**
     * A new driver of this package (a {@code Function}), loaded and linked against SDK 2.1.0; each call runs with
     * the 2.1.0 loader as the thread's context class loader (the SDK finds its JSON mapper with a
     * {@code ServiceLoader} on first use, and keeps it).
     */
    @SuppressWarnings("unchecked")
    public static <T, R> Function<T, R> driver(Class<? extends Function<T, R>> type) {
        ClassLoader isolated = loader();
        Function<T, R> driver;
        try {
            driver = (Function<T, R>) Class.forName(type.getName(), true, isolated).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + type.getName() + " against SDK 2.1.0", e);
        }
        return argument -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(isolated);
            try {
                return driver.apply(argument);
            } finally {
                thread.setContextClassLoader(before);
            }
        };
    }

    /** Where the 2.1.0 loader finds a class: the proof that the drivers run on the 2.1.0 jars. */
    public static String origin(String className) {
        try {
            Class<?> c = Class.forName(className, false, loader());
            return c.getProtectionDomain().getCodeSource().getLocation().toString();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            loader = newLoader();
        }
        return loader;
    }

    private static ClassLoader newLoader() {
        List<URL> urls = new ArrayList<>(jars());
        urls.add(Sdk210.class.getProtectionDomain().getCodeSource().getLocation());
        return new ChildFirst(urls.toArray(URL[]::new), Sdk210.class.getClassLoader());
    }

    private static List<URL> jars() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/sdk-2.1.0"));
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            List<URL> jars = new ArrayList<>();
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
            if (jars.size() < 2) {
                throw new IllegalStateException("the SDK 2.1.0 jars (mcp-core, mcp-json-jackson3) are not in " + dir
                        + " (-D" + DIR_PROPERTY + "); the build copies them in pre-integration-test");
            }
            return jars;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Child first for the SDK and this package's drivers (classes and the SDK's service files). */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isolated(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name); // never the parent's copy: 2.2.0 has classes of the same names
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = name.startsWith("META-INF/services/io.modelcontextprotocol") ? findResource(name) : null;
            return own != null ? own : super.getResource(name);
        }

        @Override
        public java.util.Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/io.modelcontextprotocol") ? findResources(name)
                    : super.getResources(name);
        }

        private static boolean isolated(String name) {
            return (name.startsWith("io.modelcontextprotocol.") && !name.startsWith("io.modelcontextprotocol.modern."))
                    || (name.startsWith(OWN_PACKAGE) && !name.equals(Sdk210.class.getName())
                            && !name.startsWith(Sdk210.class.getName() + "$"));
        }
    }
}
