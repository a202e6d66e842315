package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens stores for a test, records their drops, and closes them all afterwards. */
final class OpenStores implements AutoCloseable {

    final DropLog drops = new DropLog();
    private final List<MapDbRecordStore> opened = new ArrayList<>();

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
    public void close() {
        opened.forEach(MapDbRecordStore::close);
    }
}
