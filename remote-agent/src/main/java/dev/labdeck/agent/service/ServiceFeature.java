package dev.labdeck.agent.service;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.HttpStatusException;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.nativeio.Libc;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.DpdkPortCounters;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.ServiceInput;
import dev.labdeck.protocol.ServiceInputResult;
import dev.labdeck.protocol.ServiceOutput;
import dev.labdeck.protocol.ServiceOutputRequest;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/** The agent's services: routes under {@link Api#SERVICES}, DPDK port samples, stop with the run. */
public final class ServiceFeature implements AgentFeature {
    private volatile ServiceSupervisor supervisor;
    private final DpdkPortSampler dpdk = new DpdkPortSampler();

    @Override
    public String name() {
        return "services";
    }

    @Override
    public void install(AgentContext context) {
        supervisor = new ServiceSupervisor(context.stateDir().resolve("services"), context.events()::publish,
                "r" + Long.toString(ProcessHandle.current().pid(), 36), context.journal());
        String one = Api.SERVICES + "/{name}";
        context.router()
                .add(Route.post(Api.SERVICES).summary("Start a service: argument list, working directory, environment, "
                                + "cores, readiness probe; answers at once with state 'starting' and the probe runs on")
                        .body(ServiceStart.class).returns(ServiceStatus.class).status(201)
                        .handle(r -> new Reply.Json(201, start(r.json(ServiceStart.class)))))
                .add(Route.get(Api.SERVICES).summary("Every service of the run with state, pid, exit code or signal, times and log file")
                        .returnsListOf(ServiceStatus.class).handle(r -> Reply.ok(supervisor.list())))
                .add(Route.get(one).summary("One service's state: starting, ready, exited, stopped or failed (with the reason)")
                        .returns(ServiceStatus.class).handle(r -> Reply.ok(supervisor.status(r.pathParam("name"))
                                .orElseThrow(() -> HttpStatusException.notFound("no service " + r.pathParam("name"))))))
                .add(Route.get(Api.DPDK_PORTS).summary("Port counters of the run's DPDK services now: per service and port,"
                                + " device name, rx/tx packets and bytes, errors, missed")
                        .returnsListOf(DpdkPortCounters.class).handle(r -> Reply.ok(dpdk.snapshot(supervisor))))
                .add(Route.post(one + "/" + Api.SERVICE_OUTPUT).summary("What a service wrote, to read figures from: its"
                                + " output (no file) or a file relative to its working directory; the last "
                                + AgentLimits.MAX_SERVICE_OUTPUT_BYTES / (1024 * 1024) + " MiB when longer")
                        .body(ServiceOutputRequest.class).returns(ServiceOutput.class)
                        .handle(r -> Reply.ok(output(r.pathParam("name"), r.json(ServiceOutputRequest.class)))))
                .add(Route.post(one + "/" + Api.SERVICE_FILE).summary("A file the service wrote (relative to its working"
                                + " directory), whole, as application/octet-stream (a pcap for the run directory); files over "
                                + AgentLimits.MAX_SERVICE_FILE_BYTES / (1024 * 1024) + " MiB are refused (413)")
                        .body(ServiceOutputRequest.class).returns(byte[].class)
                        .handle(r -> file(r.pathParam("name"), r.json(ServiceOutputRequest.class))))
                .add(Route.post(one + "/" + Api.SERVICE_INPUT).summary("Write a line to a running service's stdin (an"
                                + " interactive program's command, e.g. testpmd's 'stop'); with awaitOutput, answers once an"
                                + " output line after it matches, or after timeoutMs (matchedLine null)")
                        .body(ServiceInput.class).returns(ServiceInputResult.class)
                        .handle(r -> Reply.ok(input(r.pathParam("name"), r.json(ServiceInput.class)))))
                .add(Route.delete(one).summary("Stop a service: its stop signal to its process group, the grace period, then SIGKILL")
                        .returns(ServiceStatus.class).handle(r -> Reply.ok(stop(r.pathParam("name")))));
    }

    private ServiceStatus start(ServiceStart request) {
        try {
            return supervisor.start(request);
        } catch (ServiceStartException e) {
            throw switch (e.kind()) {
                case INVALID -> HttpStatusException.badRequest(e.getMessage());
                case CONFLICT -> HttpStatusException.conflict(e.getMessage());
                case LAUNCH_FAILED -> new HttpStatusException(422, "launch_failed", e.getMessage());
            };
        }
    }

    private ServiceOutput output(String name, ServiceOutputRequest request) {
        try {
            return supervisor.output(name, request == null ? null : request.file());
        } catch (NoSuchElementException e) {
            throw HttpStatusException.notFound(e.getMessage());
        } catch (IOException e) {
            throw new HttpStatusException(422, "unreadable", e.getMessage());
        }
    }

    private Reply file(String name, ServiceOutputRequest request) {
        java.nio.file.Path path;
        long size;
        try {
            path = supervisor.file(name, request == null ? null : request.file());
            size = java.nio.file.Files.size(path);
        } catch (NoSuchElementException e) {
            throw HttpStatusException.notFound(e.getMessage());
        } catch (IOException e) {
            throw new HttpStatusException(422, "unreadable", e.getMessage());
        }
        if (size > AgentLimits.MAX_SERVICE_FILE_BYTES) {
            throw new HttpStatusException(413, "too_large", "service " + name + ": " + path + " is " + size
                    + " bytes, more than the " + AgentLimits.MAX_SERVICE_FILE_BYTES + " the agent hands over");
        }
        // the size seen now: a file still growing is cut there, never read past what was asked for
        return new Reply.Stream("application/octet-stream", out -> {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
                long left = size;
                byte[] buf = new byte[64 * 1024];
                int n;
                while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        });
    }

    private ServiceInputResult input(String name, ServiceInput request) {
        if (request == null || request.line() == null || request.line().length() > AgentLimits.MAX_SERVICE_INPUT_LINE
                || request.line().contains("\n")) {
            throw HttpStatusException.badRequest("input needs a line of at most " + AgentLimits.MAX_SERVICE_INPUT_LINE
                    + " characters without a newline");
        }
        if (request.awaitOutput() != null) {
            try {
                java.util.regex.Pattern.compile(request.awaitOutput());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw HttpStatusException.badRequest("awaitOutput is not a regular expression: " + e.getDescription());
            }
        }
        try {
            return supervisor.input(name, request);
        } catch (NoSuchElementException e) {
            throw HttpStatusException.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw HttpStatusException.conflict(e.getMessage());
        }
    }

    private ServiceStatus stop(String name) {
        try {
            return supervisor.stop(name);
        } catch (NoSuchElementException e) {
            throw HttpStatusException.notFound(e.getMessage());
        }
    }

    @Override
    public void describe(CapabilityReport report) {
        report.available(Capability.SERVICES);
        String nativeMissing = Libc.unavailableReason();
        if (nativeMissing == null) {
            report.available(Capability.CPU_AFFINITY).available(Capability.DPDK_TELEMETRY);
        } else {
            String why = nativeMissing.replaceFirst("^unavailable: ", "");
            report.unavailable(Capability.CPU_AFFINITY, why).unavailable(Capability.DPDK_TELEMETRY, why);
        }
        ServiceSupervisor s = supervisor;
        String groups = s == null ? null : s.groupSupportMissing();
        if (groups != null) {
            report.warning("services run without a process group of their own: " + groups);
        }
        String deathSignal = s == null ? null : s.parentDeathSignalMissing();
        if (deathSignal != null) {
            report.warning(deathSignal);
        }
    }

    @Override
    public void sample(long timeMs, List<Sample> into) {
        dpdk.sample(supervisor, timeMs, into);
    }

    @Override
    public void stopAll(String reason) {
        ServiceSupervisor s = supervisor;
        if (s != null) {
            s.stopAll(reason);
        }
    }
}
