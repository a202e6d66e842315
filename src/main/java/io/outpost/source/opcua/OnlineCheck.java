package io.outpost.source.opcua;

import io.outpost.source.opcua.pki.OwnCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;

/**
 * {@code outpost validate --connect} for one {@code opcua} source: connects as the source does (the
 * same endpoint selection, own certificate and trust list in {@code data_dir/pki}, credentials) and
 * runs the {@link NodeTypeCheck} on its tags. Like the source, it creates the own certificate on first
 * use and files an untrusted server certificate under {@code pki/rejected/}.
 */
public final class OnlineCheck {

    /** One thing the server says is wrong; {@code key} is relative to the source: {@code endpoint} or {@code tags[j].node}. */
    public record Problem(String key, String message) {
    }

    private OnlineCheck() {
    }

    /** Every problem found; empty when the server is reachable and trusted and every tag node can be read. */
    public static List<Problem> run(OpcUaSourceConfig config, Path pkiDir) {
        OpcUaClient client;
        try {
            Optional<OwnCertificate> own = OpcUaClients.ownCertificate(config, pkiDir);
            client = OpcUaClients.connect(config, pkiDir, own);
        } catch (Exception e) {
            return List.of(new Problem("endpoint", OpcUaClients.connectFailure(config, e)));
        }
        try {
            List<NodeTypeCheck.Verdict> verdicts = new NodeTypeCheck(client).check(
                    config.tags().stream().map(OpcUaTagConfig::node).toList());
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < verdicts.size(); i++) {
                if (verdicts.get(i) instanceof NodeTypeCheck.Verdict.Refused refused) {
                    problems.add(new Problem("tags[" + i + "].node", refused.message()));
                }
            }
            return problems;
        } catch (Exception e) {
            return List.of(new Problem("endpoint", "cannot check the nodes at " + config.endpoint() + ": "
                    + OpcUaErrors.describe(e)));
        } finally {
            OpcUaClients.disconnectQuietly(client);
        }
    }
}
