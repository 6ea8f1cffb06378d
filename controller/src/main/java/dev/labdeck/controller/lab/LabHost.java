package dev.labdeck.controller.lab;

/**
 * One host of the lab: a network namespace with a management interface on the lab's bridge and
 * an OpenSSH server listening on its management address.
 *
 * @param rootInterface       the root-namespace end of the management veth, enslaved to the bridge
 * @param managementInterface its end inside the namespace
 * @param hostKey             the sshd's public host key line, as written to known_hosts
 */
public record LabHost(
        String name,
        String namespace,
        String rootInterface,
        String managementInterface,
        String managementAddress,
        int sshPort,
        long sshdPid,
        String sshdConfig,
        String hostKey) {

    LabHost withSshdPid(long pid) {
        return new LabHost(name, namespace, rootInterface, managementInterface, managementAddress, sshPort, pid, sshdConfig,
                hostKey);
    }
}
