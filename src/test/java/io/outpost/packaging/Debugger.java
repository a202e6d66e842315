package io.outpost.packaging;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import java.util.Map;

/**
 * The JVM debugger interface (JDI over JDWP) attached to a daemon started with
 * {@code -agentlib:jdwp=…,address=127.0.0.1:PORT}: the way to hang one of its threads for real, as a
 * stuck fsync or lock would, without a hook in the daemon.
 */
final class Debugger {

    private Debugger() {
    }

    /** The JDWP agent option that lets {@link #attach} in; the daemon runs on (suspend=n). */
    static String agent(int port) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port;
    }

    static VirtualMachine attach(int port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        return socket.attach(arguments);
    }

    static ThreadReference thread(VirtualMachine vm, String name) {
        return vm.allThreads().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name + " in "
                        + vm.allThreads().stream().map(ThreadReference::name).toList()));
    }
}
