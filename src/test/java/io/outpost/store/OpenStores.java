package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens stores for a test, records their drops, and closes them all afterwards: registered with
 * {@code @RegisterExtension}, after each test.
 */
final class OpenStores implements AutoCloseable, AfterEachCallback {

    /** Far more than any test writes, so the size limit never interferes unless the test sets one. */
    static final long ROOMY = 64L << 20;

    final DropLog drops = new DropLog();
    private final List<MapDbRecordStore> opened = new ArrayList<>();

    /** A store in {@code dir} that is never full, reporting to {@link #drops}. */
    MapDbRecordStore open(Path dir) throws IOException {
        return open(dir, ROOMY, OnFull.DROP_OLDEST);
    }

    MapDbRecordStore open(Path dir, long maxSizeBytes, OnFull onFull) throws IOException {
        return open(dir, maxSizeBytes, onFull, drops, StoreOptions.defaults());
    }

    MapDbRecordStore open(Path dir, long maxSizeBytes, OnFull onFull, DropListener listener, StoreOptions options)
            throws IOException {
        MapDbRecordStore store = MapDbRecordStore.open(dir, maxSizeBytes, onFull, listener, options);
        opened.add(store);
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        opened.forEach(MapDbRecordStore::close);
    }
}
