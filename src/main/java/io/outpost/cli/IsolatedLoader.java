package io.outpost.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A child-first class loader for optional parts that bring their own libraries (the demo broker
 * brings logback, which must not meet the daemon's slf4j-simple). Outpost's own classes and the JDK
 * come from the parent, so both sides share the gateway's types; everything else is looked up in the
 * given jars first.
 */
final class IsolatedLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    IsolatedLoader(List<Path> jars, ClassLoader parent) {
        super(urls(jars), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("java.") || (name.startsWith("io.outpost.") && !name.startsWith("io.outpost.demo."))) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public java.util.Enumeration<URL> getResources(String name) throws java.io.IOException {
        // Service files (slf4j providers) must come from these jars only, or both logging backends meet.
        java.util.Enumeration<URL> own = findResources(name);
        return name.startsWith("META-INF/services/") ? own : super.getResources(name);
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jars.get(i).toString(), e);
            }
        }
        return urls;
    }
}
