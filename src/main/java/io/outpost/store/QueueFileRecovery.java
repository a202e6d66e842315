package io.outpost.store;

import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the queue file of a store directory; a damaged one is moved aside and replaced by an empty
 * file whose seqs start above every seq ever handed out (from {@link SeqReservations}).
 */
final class QueueFileRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(QueueFileRecovery.class);

    record Opened(QueueFile file, Optional<Path> movedAside) {
    }

    private QueueFileRecovery() {
    }

    static Opened open(StoreFiles files, SeqReservations seqs, Clock clock) throws IOException {
        QueueFile file;
        Optional<Path> movedAside = Optional.empty();
        try {
            if (seqs.known() && isEmpty(files.queue())) {
                // A store that handed out seqs never shrinks to nothing by itself: opened as new it would
                // start its seqs again from 1 and lose its records without a word. Its journal holds at
                // most the pages of the last commit, not the file (seq.state is written only after the
                // first commit reached the file).
                throw new QueueFile.CorruptFileException("store file " + files.queue() + " is empty",
                        new IOException("the file is empty, though " + files.seqState().getFileName()
                                + " shows records were stored"));
            }
            file = QueueFile.open(files.queue(), files.journal());
        } catch (QueueFile.CorruptFileException e) {
            Path aside = files.moveAsideCorrupt(clock.instant());
            file = openFresh(files);
            long floorMillis = clock.millis();
            for (Lane lane : Lane.values()) {
                long floor = seqs.known() ? seqs.reservedUpTo(lane) : SeqReservations.fallbackFloor(floorMillis);
                file.lane(lane).raiseLastSeq(floor);
            }
            file.commit();
            LOG.warn("event=store-file-corrupt action=moved-aside-and-replaced path={} moved_to={} "
                            + "seq_floor_source={} error={}", files.queue(), aside,
                    seqs.known() ? "seq.state" : "clock", QueueFile.describe(e.getCause()));
            movedAside = Optional.of(aside);
        }
        try {
            for (Lane lane : Lane.values()) {
                seqs.ensureReserved(lane, file.lane(lane).lastSeq() + 1);
            }
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return new Opened(file, movedAside);
    }

    /** Present and empty: what a file cut to nothing looks like. */
    private static boolean isEmpty(Path path) throws IOException {
        return Files.isRegularFile(path) && Files.size(path) == 0;
    }

    private static QueueFile openFresh(StoreFiles files) throws IOException {
        try {
            return QueueFile.open(files.queue(), files.journal());
        } catch (QueueFile.CorruptFileException e) {
            throw new IOException("cannot create a fresh store file " + files.queue() + ": " + e.getMessage(), e);
        }
    }
}
