package dev.labdeck.agent.xdp;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentEvents;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.HttpStatusException;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.agent.http.RouteHandler;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.protocol.XdpObjectInfo;
import java.util.List;

/**
 * XDP on the agent: upload objects, attach/list/detach programs, read counters, counters on the
 * sample stream, detach everything on shutdown and on the dead-man switch; every attachment is
 * journalled first, so what a killed agent left is removed by the next one. libbpf is loaded on first use, not at start-up.
 */
public final class XdpFeature implements AgentFeature {
    /** Largest object accepted ({@link AgentLimits#MAX_XDP_OBJECT_BYTES}). */
    static final long MAX_OBJECT_BYTES = AgentLimits.MAX_XDP_OBJECT_BYTES;

    private volatile AgentContext context;
    private volatile XdpAttachments attachments;

    @Override
    public String name() {
        return "xdp";
    }

    @Override
    public void install(AgentContext ctx) {
        this.context = ctx;
        ctx.router().add(Route.post(Api.XDP_OBJECTS)
                .summary("Upload an XDP object (raw ELF bytes of a clang -target bpf build); stored by SHA-256, answers its id, programs and maps")
                .binaryBody(MAX_OBJECT_BYTES).returns(XdpObjectInfo.class).status(201)
                .handle(translated(r -> new Reply.Json(201, attachments().upload(r.body())))));
        ctx.router().add(Route.post(Api.XDP_ATTACHMENTS)
                .summary("Attach an XDP program (builtin:count or an uploaded object) to an interface; 400 not ELF, 404 unknown program or interface, 409 hook busy, 422 verifier rejection (with its log)")
                .body(XdpAttachRequest.class).returns(XdpAttachment.class).status(201)
                .handle(translated(r -> new Reply.Json(201, attachments().attach(r.json(XdpAttachRequest.class))))));
        ctx.router().add(Route.get(Api.XDP_ATTACHMENTS)
                .summary("The XDP programs this agent attached, with the mode in effect")
                .returnsListOf(XdpAttachment.class)
                .handle(r -> Reply.ok(attachments == null ? List.of() : attachments.list())));
        ctx.router().add(Route.get(Api.XDP_ATTACHMENTS + "/{id}/counters")
                .summary("An attachment's counters summed over CPUs: per flow and per action for builtin:count, every integer array/hash map for any object")
                .returns(XdpCounters.class)
                .handle(translated(r -> Reply.ok(attachments().counters(r.pathParam("id"))))));
        ctx.router().add(Route.delete(Api.XDP_ATTACHMENTS + "/{id}")
                .summary("Detach an XDP program this agent attached")
                .status(204)
                .handle(translated(r -> {
                    attachments().detach(r.pathParam("id"));
                    return Reply.noContent();
                })));
    }

    @Override
    public void describe(CapabilityReport report) {
        String why = XdpAttachments.unavailableReason();
        if (why != null) {
            report.unavailable(Capability.XDP, why);
            return;
        }
        report.available(Capability.XDP);
    }

    @Override
    public void sample(long timeMs, List<Sample> into) {
        XdpAttachments a = attachments;
        if (a != null) a.sample(timeMs, into);
    }

    @Override
    public void stopAll(String reason) {
        XdpAttachments a = attachments;
        if (a != null) a.detachAll(reason);
    }

    /** Made on first use: asking the kernel loads libbpf. */
    private XdpAttachments attachments() {
        XdpAttachments a = attachments;
        if (a != null) return a;
        synchronized (this) {
            if (attachments == null) {
                AgentEvents events = context.events();
                attachments = new XdpAttachments(context.stateDir(), context.journal(), (level, kind, message, data) -> {
                    switch (level) {
                        case "warn" -> events.warn(kind, message, data);
                        case "error" -> events.error(kind, message, data);
                        default -> events.info(kind, message, data);
                    }
                });
            }
            return attachments;
        }
    }

    /** Turns XDP's own refusals into the HTTP status and error code the controller shows. */
    private interface XdpHandler {
        Reply handle(dev.labdeck.agent.http.Request r) throws Exception;
    }

    private static RouteHandler translated(XdpHandler h) {
        return r -> {
            try {
                return h.handle(r);
            } catch (XdpRequestException e) {
                throw new HttpStatusException(e.status(), e.code(), e.getMessage());
            }
        };
    }
}
