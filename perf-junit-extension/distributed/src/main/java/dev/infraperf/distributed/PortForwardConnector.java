package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;

/**
 * Reaches a worker pod like {@code kubectl port-forward}: a free port on this machine's loopback, each connection to
 * it carried to the pod's port over a WebSocket through the API server (the {@code pods/portforward} subresource).
 * Nothing else of the cluster needs to be routable from the coordinator.
 */
final class PortForwardConnector implements PodConnector {

    private final KubernetesClient client;

    PortForwardConnector(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Connection connect(Pod pod, int index, int port) throws IOException {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        LocalPortForward forward;
        try {
            forward = client.pods()
                    .inNamespace(namespace)
                    .withName(name)
                    .portForward(port, InetAddress.getLoopbackAddress(), 0);
        } catch (KubernetesClientException e) {
            throw new IOException(
                    "port-forward to " + namespace + "/" + name + ":" + port + " failed: " + e.getMessage(), e);
        }
        URI uri = URI.create("http://" + forward.getLocalAddress().getHostAddress() + ":" + forward.getLocalPort());
        return new Connection(uri, forward);
    }
}
