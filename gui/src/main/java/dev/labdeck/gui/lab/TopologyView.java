package dev.labdeck.gui.lab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/**
 * The lab drawn as a graph: a card per host (role, transport, XDP and service badges), a line
 * per link (solid ethernet, dashed memif from master to slave). Cards are dragged to arrange the
 * lab; the drop position goes into the profile through the view model.
 */
final class TopologyView extends Pane {
    static final double CARD_WIDTH = 230;

    private final LabViewModel vm;
    private final Map<String, VBox> cards = new HashMap<>();
    private final Label emptyHint = new Label("This profile has no hosts yet. Press \"Add host\" to draw the lab.");

    TopologyView(LabViewModel vm) {
        this.vm = vm;
        getStyleClass().add("topology");
        setId("topology");
        setMinSize(600, 400);
        emptyHint.getStyleClass().add("empty-hint");
        emptyHint.relocate(40, 40);
        vm.hosts().addListener((javafx.collections.ListChangeListener<HostCard>) c -> rebuild());
        vm.links().addListener((javafx.collections.ListChangeListener<LinkLine>) c -> rebuild());
        vm.selectionProperty().addListener((o, a, b) -> rebuild());
        setOnMouseClicked(e -> {
            if (e.getTarget() == this) vm.select(null);
        });
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        cards.clear();
        endLabels.clear();
        if (vm.document().profile() == null) return;
        if (vm.hosts().isEmpty()) {
            getChildren().add(emptyHint);
            return;
        }
        for (HostCard h : vm.hosts()) cards.put(h.name(), card(h));
        for (LinkLine l : vm.links()) if (!l.withinHost()) drawLink(l);
        getChildren().addAll(cards.values());
    }

    private VBox card(HostCard h) {
        Label name = new Label(h.name());
        name.getStyleClass().add("host-name");
        Label address = new Label((h.local() ? "local · " : "ssh · ") + (h.address() == null ? "" : h.address()));
        address.getStyleClass().add("host-address");
        FlowPane badges = new FlowPane(4, 4);
        for (String role : h.roles()) {
            badges.getChildren().add(badge(role, switch (role) {
                case "src" -> "badge-src";
                case "dst" -> "badge-dst";
                case "memif" -> "badge-memif";
                default -> "badge-role";
            }, "role " + role));
        }
        if (!h.xdp().isEmpty()) badges.getChildren().add(badge("XDP", "badge-xdp", String.join("\n", h.xdp())));
        if (!h.services().isEmpty() && h.serviceNodes().isEmpty()) {
            badges.getChildren().add(badge(h.services().size() + (h.services().size() == 1 ? " service" : " services"), "badge-service",
                    String.join(", ", h.services())));
        }
        VBox box = new VBox(4, name, address, badges);
        box.setPrefWidth(CARD_WIDTH);
        box.setMaxWidth(CARD_WIDTH);
        box.getStyleClass().add("host-card");
        box.setId("host-" + h.name());
        if (new LabSelection.Host(h.name()).equals(vm.selectionProperty().get())) box.getStyleClass().add("selected");

        List<String> xdp = h.xdp();
        int xdpIndex = 0;
        for (int i = 0; i < vm.document().profile().xdp().size(); i++) {
            if (h.name().equals(vm.document().profile().xdp().get(i).host())) {
                Label line = new Label(xdp.get(xdpIndex++));
                line.getStyleClass().add("xdp-line");
                line.setWrapText(true);
                int index = i;
                line.setOnMouseClicked(e -> { vm.select(new LabSelection.Xdp(index)); e.consume(); });
                box.getChildren().add(line);
            }
        }
        if (!h.serviceNodes().isEmpty()) {
            Pane graph = serviceGraph(h);
            box.getChildren().add(graph);
            double width = Math.max(CARD_WIDTH, graph.getPrefWidth() + 24);
            box.setPrefWidth(width);
            box.setMaxWidth(width);
        }
        box.relocate(h.x(), h.y());
        draggable(box, h.name());
        return box;
    }

    static final double NODE_W = 150, NODE_H = 66, GAP_X = 200, GAP_Y = 40;

    /**
     * The host's services as nodes with their cores and memif role, memif links between them as
     * arrows from master to slave with the link's name and socket, and a service that starts after
     * another joined to it, as the seed's diagram draws the load balancers and their client and server.
     */
    private Pane serviceGraph(HostCard h) {
        Pane pane = new Pane();
        pane.getStyleClass().add("service-graph");
        Map<String, double[]> at = new HashMap<>();
        int cols = 0, rows = 0;
        for (ServiceNode s : h.serviceNodes()) {
            cols = Math.max(cols, s.column() + 1);
            rows = Math.max(rows, s.row() + 1);
        }
        double w = cols * (NODE_W + GAP_X) - GAP_X;
        double hgt = rows * (NODE_H + GAP_Y) - GAP_Y;
        pane.setPrefSize(w, hgt);
        pane.setMinSize(w, hgt);
        pane.setMaxSize(w, hgt);
        List<Node> nodes = new java.util.ArrayList<>();
        for (ServiceNode s : h.serviceNodes()) {
            double x = s.column() * (NODE_W + GAP_X);
            double y = s.row() * (NODE_H + GAP_Y);
            at.put(s.name(), new double[] {x, y});
            Label name = new Label(s.name());
            name.getStyleClass().add("service-name");
            String cores = s.cores().isEmpty() ? "no core pinned" : (s.cores().size() == 1 ? "core " : "cores ")
                    + String.join(", ", s.cores().stream().map(String::valueOf).toList());
            Label detail = new Label(cores + (s.memifRole().isEmpty() ? "" : " · memif " + s.memifRole())
                    + (s.after().isEmpty() ? "" : "\nafter " + String.join(", ", s.after())));
            detail.getStyleClass().add("service-detail");
            VBox node = new VBox(2, name, detail);
            node.getStyleClass().add("service-node");
            if (s.memifRole().contains("master")) node.getStyleClass().add("memif-master");
            if (s.memifRole().contains("slave")) node.getStyleClass().add("memif-slave");
            if (new LabSelection.Service(h.name(), s.name()).equals(vm.selectionProperty().get())) node.getStyleClass().add("selected");
            node.setId("service-" + s.name());
            node.setPrefSize(NODE_W, NODE_H);
            node.setMinSize(NODE_W, NODE_H);
            node.setMaxSize(NODE_W, NODE_H);
            node.relocate(x, y);
            node.setOnMousePressed(javafx.event.Event::consume);
            node.setOnMouseClicked(e -> { vm.select(new LabSelection.Service(h.name(), s.name())); e.consume(); });
            nodes.add(node);
        }
        for (ServiceNode s : h.serviceNodes()) {
            if (s.attachedTo() == null) continue;
            double[] a = at.get(s.name());
            double[] b = at.get(s.attachedTo());
            if (a == null || b == null || a[0] != b[0]) continue;
            Line l = new Line(a[0] + NODE_W / 2, Math.min(a[1], b[1]) + NODE_H, a[0] + NODE_W / 2, Math.max(a[1], b[1]));
            l.getStyleClass().add("after-line");
            Tooltip.install(l, new Tooltip(s.name() + " to/from " + s.attachedTo()
                    + (s.after().isEmpty() ? "" : "; starts after " + String.join(", ", s.after()))));
            pane.getChildren().add(l);
        }
        var profile = vm.document().profile();
        for (var link : profile.links()) {
            if (!(link instanceof dev.labdeck.controller.profile.LinkSpec.Memif m) || !h.name().equals(m.host())) continue;
            double[] master = at.get(m.master());
            double[] slave = at.get(m.slave());
            if (master == null || slave == null) continue;
            boolean rightToLeft = master[0] > slave[0];
            double x1 = master[0] + (rightToLeft ? 0 : NODE_W);
            double x2 = slave[0] + (rightToLeft ? NODE_W : 0);
            double y1 = master[1] + NODE_H / 2;
            double y2 = slave[1] + NODE_H / 2;
            if (master[0] == slave[0]) { // one above the other
                x1 = master[0] + NODE_W / 2;
                x2 = x1;
                y1 = master[1] + (master[1] < slave[1] ? NODE_H : 0);
                y2 = slave[1] + (master[1] < slave[1] ? 0 : NODE_H);
            }
            Line l = new Line(x1, y1, x2, y2);
            l.getStyleClass().addAll("link-line", "memif");
            if (new LabSelection.Link(m.name()).equals(vm.selectionProperty().get())) l.getStyleClass().add("selected");
            l.setId("link-" + m.name());
            l.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(m.name())); e.consume(); });
            Tooltip.install(l, new Tooltip("memif " + m.name() + ": " + m.master() + " (master) → " + m.slave() + " (slave), socket " + m.socket()));
            pane.getChildren().add(l);
            // the head's tip on the slave's edge, pointing at the slave
            double len = Math.max(1e-6, Math.hypot(x2 - x1, y2 - y1));
            double ux = (x2 - x1) / len;
            double uy = (y2 - y1) / len;
            double bx = x2 - 14 * ux;
            double by = y2 - 14 * uy;
            Polygon head = new Polygon(x2, y2, bx - 7 * uy, by + 7 * ux, bx + 7 * uy, by - 7 * ux);
            head.getStyleClass().add("link-arrow");
            head.setId("memif-arrow-" + m.name());
            pane.getChildren().add(head);
            Label name = new Label("memif " + m.name());
            name.getStyleClass().add("link-label");
            name.setStyle("-fx-font-weight: bold;");
            name.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(m.name())); e.consume(); });
            Label socket = new Label(m.socket());
            socket.getStyleClass().addAll("link-label", "muted");
            double mx = (x1 + x2) / 2;
            double my = (y1 + y2) / 2;
            name.layoutXProperty().bind(name.widthProperty().divide(-2).add(mx));
            name.setLayoutY(my - 40); // above the ends' device names
            socket.layoutXProperty().bind(socket.widthProperty().divide(-2).add(mx));
            socket.setLayoutY(my + 4);
            pane.getChildren().addAll(name, socket);
            // each end's DPDK device (the service's --vdev=net_memifN with this link's socket), as the seed labels its ends
            var spec = profile.host(h.name()).orElse(null);
            if (spec != null) {
                endDevice(pane, "memif-end-" + m.name() + "-master", MemifDevices.device(spec, m.master(), m.socket()), x1, y1, x2, y2, 0.18);
                endDevice(pane, "memif-end-" + m.name() + "-slave", MemifDevices.device(spec, m.slave(), m.socket()), x1, y1, x2, y2, 0.82);
            }
        }
        pane.getChildren().addAll(nodes);
        return pane;
    }

    private static void endDevice(Pane pane, String id, String device, double x1, double y1, double x2, double y2, double at) {
        if (device == null) return;
        Label l = new Label(device);
        l.setId(id);
        l.getStyleClass().addAll("link-label", "muted");
        double x = x1 + (x2 - x1) * at;
        double y = y1 + (y2 - y1) * at;
        l.layoutXProperty().bind(l.widthProperty().divide(-2).add(x));
        l.setLayoutY(y - 20); // above the line: the socket is below it
        pane.getChildren().add(l);
    }

    private static Label badge(String text, String style, String tip) {
        Label b = new Label(text);
        b.getStyleClass().addAll("badge", style);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private void draggable(Region card, String host) {
        double[] grab = new double[2];
        boolean[] moved = new boolean[1];
        card.setOnMousePressed(e -> {
            grab[0] = e.getSceneX() - card.getLayoutX();
            grab[1] = e.getSceneY() - card.getLayoutY();
            moved[0] = false;
            card.toFront();
            e.consume();
        });
        card.setOnMouseDragged(e -> {
            card.relocate(Math.max(0, e.getSceneX() - grab[0]), Math.max(0, e.getSceneY() - grab[1]));
            moved[0] = true;
            e.consume();
        });
        card.setOnMouseReleased(e -> {
            if (moved[0]) vm.moveHost(host, card.getLayoutX(), card.getLayoutY());
            e.consume();
        });
        card.setOnMouseClicked(e -> {
            if (!moved[0]) vm.select(new LabSelection.Host(host));
            e.consume();
        });
    }

    private void drawLink(LinkLine l) {
        VBox a = cards.get(l.fromHost());
        VBox b = cards.get(l.toHost());
        if (a == null || b == null || a == b) return;
        Line line = new Line();
        line.getStyleClass().add("link-line");
        if (l.kind() == LinkLine.Kind.MEMIF) line.getStyleClass().add("memif");
        if (new LabSelection.Link(l.name()).equals(vm.selectionProperty().get())) line.getStyleClass().add("selected");
        line.startXProperty().bind(a.layoutXProperty().add(a.widthProperty().divide(2)));
        line.startYProperty().bind(a.layoutYProperty().add(a.heightProperty().divide(2)));
        line.endXProperty().bind(b.layoutXProperty().add(b.widthProperty().divide(2)));
        line.endYProperty().bind(b.layoutYProperty().add(b.heightProperty().divide(2)));
        line.setId("link-" + l.name());
        Tooltip.install(line, new Tooltip((l.kind() == LinkLine.Kind.MEMIF ? "memif " : "ethernet ") + l.name()));
        line.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(l.name())); e.consume(); });
        getChildren().add(line);
        getChildren().add(endLabel(line, l.fromLabel(), a, true, "link-end-" + l.name() + "-a"));
        getChildren().add(endLabel(line, l.toLabel(), b, false, "link-end-" + l.name() + "-b"));
        Label name = new Label(l.name());
        name.setId("link-name-" + l.name());
        name.getStyleClass().add("link-label");
        name.setStyle("-fx-font-weight: bold;");
        placeAt(name, line, 0.5);
        name.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(l.name())); e.consume(); });
        getChildren().add(name);
        if (l.kind() == LinkLine.Kind.MEMIF) getChildren().add(arrow(line));
    }

    /** An end label of an ethernet link, placed in {@link #layoutChildren()} once the cards have their sizes. */
    private record EndLabel(Label label, Line line, Region card, boolean atStart) {}

    private final List<EndLabel> endLabels = new java.util.ArrayList<>();

    /**
     * An interface label at one end of a link (interface, address, and the XDP program there), placed
     * with the others by {@link #placeEndLabels()}.
     */
    private Label endLabel(Line line, String text, Region card, boolean atStart, String id) {
        Label label = new Label(text);
        label.setId(id);
        label.getStyleClass().add("link-label");
        endLabels.add(new EndLabel(label, line, card, atStart));
        return label;
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        placeEndLabels();
    }

    /**
     * Each end label where it is readable: first just outside its own card along the line (the first
     * end's above the line, the second's below, clear of the link's name), else on the line's other
     * side, else hugging its card's edge where the link leaves it (above or below a card beside the
     * other, beside a card above the other) — the first of those places that lies over no card and no
     * label placed before it and inside the canvas. Where cards stand too close for a long label
     * between them (lab-in-a-box-xdp's 70 px), it goes beside its card instead of under the other.
     */
    private void placeEndLabels() {
        List<javafx.geometry.Bounds> taken = new java.util.ArrayList<>();
        for (VBox c : cards.values()) taken.add(c.getBoundsInParent());
        for (Node n : getChildren()) {
            if (n instanceof Label l && l.getId() != null && l.getId().startsWith("link-name-")) taken.add(l.getBoundsInParent());
        }
        for (EndLabel e : endLabels) {
            Label label = e.label();
            double w = label.getWidth(), h = label.getHeight();
            List<double[]> at = candidates(e, w, h);
            if (at.isEmpty()) continue;
            double[] pick = at.getFirst();
            for (double[] c : at) {
                javafx.geometry.BoundingBox box = new javafx.geometry.BoundingBox(c[0], c[1], w, h);
                if (c[0] >= 0 && c[1] >= 0 && taken.stream().noneMatch(box::intersects)) {
                    pick = c;
                    break;
                }
            }
            label.relocate(pick[0], pick[1]);
            taken.add(new javafx.geometry.BoundingBox(pick[0], pick[1], w, h));
        }
    }

    /** Where an end label may go, best first (top-left corners). */
    private static List<double[]> candidates(EndLabel e, double w, double hgt) {
        Line line = e.line();
        Region card = e.card();
        boolean atStart = e.atStart();
        double sx = atStart ? line.getStartX() : line.getEndX(), sy = atStart ? line.getStartY() : line.getEndY();
        double dx = (atStart ? line.getEndX() : line.getStartX()) - sx, dy = (atStart ? line.getEndY() : line.getStartY()) - sy;
        double len = Math.hypot(dx, dy);
        if (len < 1) return List.of();
        double ux = dx / len, uy = dy / len;
        // from the card's centre to its border along the line (and past its shadow)
        double toBorder = Math.min(ux == 0 ? Double.MAX_VALUE : card.getWidth() / 2 / Math.abs(ux),
                uy == 0 ? Double.MAX_VALUE : card.getHeight() / 2 / Math.abs(uy));
        double hw = w / 2, hh = hgt / 2;
        double along = toBorder + 12 + Math.abs(ux) * hw + Math.abs(uy) * hh;
        double nx = uy, ny = -ux; // above the line for the first end (right of it when the line is upright)
        if (ny > 0 || (ny == 0 && nx < 0)) { nx = -nx; ny = -ny; }
        if (!atStart) { nx = -nx; ny = -ny; }
        double off = Math.abs(nx) * hw + Math.abs(ny) * hh + 10;
        List<double[]> out = new java.util.ArrayList<>();
        out.add(new double[] {sx + ux * along + nx * off - hw, sy + uy * along + ny * off - hh});
        out.add(new double[] {sx + ux * along - nx * off - hw, sy + uy * along - ny * off - hh});
        javafx.geometry.Bounds b = card.getBoundsInParent();
        for (double side : new double[] {1, -1}) {
            if (Math.abs(ux) >= Math.abs(uy)) { // beside the other card: above or below this one, at the edge the link leaves
                double x = ux > 0 ? b.getMaxX() - w : b.getMinX();
                double y = ny * side < 0 ? b.getMinY() - hgt - 2 : b.getMaxY() + 2;
                out.add(new double[] {x, y});
            } else { // above or below the other card: beside this one
                double x = nx * side > 0 ? b.getMaxX() + 2 : b.getMinX() - w - 2;
                double y = uy > 0 ? b.getMaxY() - hgt : b.getMinY();
                out.add(new double[] {x, y});
            }
        }
        return out;
    }

    private static void placeAt(Label label, Line line, double at) {
        label.layoutXProperty().bind(line.startXProperty().multiply(1 - at).add(line.endXProperty().multiply(at)).subtract(label.widthProperty().divide(2)));
        label.layoutYProperty().bind(line.startYProperty().multiply(1 - at).add(line.endYProperty().multiply(at)).subtract(label.heightProperty().divide(2)));
    }

    /** An arrowhead two thirds along a memif line, pointing from master to slave. */
    private static Node arrow(Line line) {
        Polygon p = new Polygon(0, 0, -14, -7, -14, 7);
        p.getStyleClass().add("link-arrow");
        Runnable place = () -> {
            double x = line.getStartX() + (line.getEndX() - line.getStartX()) * 0.62;
            double y = line.getStartY() + (line.getEndY() - line.getStartY()) * 0.62;
            p.setLayoutX(x);
            p.setLayoutY(y);
            p.setRotate(Math.toDegrees(Math.atan2(line.getEndY() - line.getStartY(), line.getEndX() - line.getStartX())));
        };
        line.startXProperty().addListener(o -> place.run());
        line.startYProperty().addListener(o -> place.run());
        line.endXProperty().addListener(o -> place.run());
        line.endYProperty().addListener(o -> place.run());
        place.run();
        return p;
    }


}
