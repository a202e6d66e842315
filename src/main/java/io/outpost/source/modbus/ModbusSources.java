package io.outpost.source.modbus;

import io.outpost.threads.DaemonThreads;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.outpost.source.SourceScheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Builds Modbus sources and owns what they share: one small bounded pool in which TCP devices poll
 * in parallel, and per serial device one line (one open port, one thread) that every source on that
 * bus polls through in turn, with j2mod keeping the 3.5-character silence between frames. Threads
 * are created on demand and die when idle, so a gateway without Modbus pays nothing.
 *
 * <p>The TCP pool has one thread per open TCP source, at most {@link #TCP_THREADS}: a source has at
 * most one poll in flight, so more threads than sources never run at once, and a pool of a fixed
 * four made a new thread for each of the first four polls even for one device (four stacks, and
 * each poll handed to a colder thread).
 */
public final class ModbusSources {

    /** TCP devices polled at the same moment; more wait their turn in the queue. */
    static final int TCP_THREADS = 4;
    private static final int QUEUE = 256;

    private final SourceScheduler scheduler;
    private final LongSupplier clock;
    private final ThreadPoolExecutor tcpPool;
    /** Guarded by this; TCP sources made and not closed yet. */
    private int tcpSources;
    private final Map<String, SerialLine> lines = new HashMap<>();

    public ModbusSources(SourceScheduler scheduler, LongSupplier clock) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.tcpPool = pool("modbus-tcp", 1);
    }

    public synchronized ModbusSource tcp(ModbusTcpSourceConfig config) {
        int timeoutMillis = (int) Math.max(1, config.timeout().toMillis());
        J2modLink link = new J2modLink(() -> {
            ModbusTCPMaster master = new ModbusTCPMaster(config.host(), config.port(), timeoutMillis, false, false);
            return master;
        }, config.host() + ":" + config.port());
        resizeTcpPool(+1);
        AtomicBoolean closed = new AtomicBoolean();
        return new ModbusSource(ModbusDevice.of(config), link, scheduler, tcpPool, clock, () -> {
            if (closed.compareAndSet(false, true)) {
                link.close();
                resizeTcpPool(-1);
            }
        });
    }

    /** Threads of the TCP pool, as sized now for the open TCP sources. */
    synchronized int tcpThreads() {
        return tcpPool.getMaximumPoolSize();
    }

    private synchronized void resizeTcpPool(int change) {
        tcpSources += change;
        int threads = Math.max(1, Math.min(TCP_THREADS, tcpSources));
        // core never above maximum: grow the maximum first, shrink the core first
        if (threads > tcpPool.getMaximumPoolSize()) {
            tcpPool.setMaximumPoolSize(threads);
            tcpPool.setCorePoolSize(threads);
        } else {
            tcpPool.setCorePoolSize(threads);
            tcpPool.setMaximumPoolSize(threads);
        }
    }

    public synchronized ModbusSource rtu(ModbusRtuSourceConfig config) {
        SerialLine line = lines.computeIfAbsent(config.serial().device(), d -> new SerialLine(serialLink(config), pool(
                "modbus-rtu-" + d.substring(d.lastIndexOf('/') + 1), 1)));
        line.users++;
        return new ModbusSource(ModbusDevice.of(config), line.link, scheduler, line.executor, clock,
                () -> release(config.serial().device()));
    }

    private synchronized void release(String device) {
        SerialLine line = lines.get(device);
        if (line != null && --line.users == 0) {
            lines.remove(device);
            line.link.close();
            line.executor.shutdown();
        }
    }

    private static J2modLink serialLink(ModbusRtuSourceConfig config) {
        int timeoutMillis = (int) Math.max(1, config.timeout().toMillis());
        return new J2modLink(() -> {
            SerialParameters params = new SerialParameters();
            params.setPortName(config.serial().device());
            params.setBaudRate(config.serial().baud());
            params.setDatabits(config.serial().dataBits());
            params.setStopbits(config.serial().stopBits());
            params.setParity(switch (config.serial().parity()) {
                case NONE -> AbstractSerialConnection.NO_PARITY;
                case EVEN -> AbstractSerialConnection.EVEN_PARITY;
                case ODD -> AbstractSerialConnection.ODD_PARITY;
            });
            params.setEncoding(Modbus.SERIAL_ENCODING_RTU);
            params.setEcho(false);
            ModbusSerialMaster master = new ModbusSerialMaster(params, timeoutMillis);
            return master;
        }, config.serial().device());
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), DaemonThreads.numbered(name));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static final class SerialLine {
        final J2modLink link;
        final ExecutorService executor;
        int users;

        SerialLine(J2modLink link, ExecutorService executor) {
            this.link = link;
            this.executor = executor;
        }
    }
}
