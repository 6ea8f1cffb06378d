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
        if (!h.services().isEmpty()) {
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
        if (!h.services().isEmpty()) {
            FlowPane chips = new FlowPane(4, 4);
            for (String s : h.services()) {
                Label chip = new Label(s);
                chip.getStyleClass().add("service-chip");
                chip.setOnMouseClicked(e -> { vm.select(new LabSelection.Service(h.name(), s)); e.consume(); });
                chips.getChildren().add(chip);
            }
            box.getChildren().add(chips);
        }
        for (LinkLine l : vm.links()) {
            if (l.withinHost() && h.name().equals(l.fromHost())) {
                Label memif = new Label("memif " + l.name() + ": " + l.fromLabel() + " → " + l.toLabel());
                memif.getStyleClass().addAll("service-chip");
                memif.setStyle("-fx-border-color: #7c3aed;");
                memif.setWrapText(true);
                memif.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(l.name())); e.consume(); });
                box.getChildren().add(memif);
            }
        }
        box.relocate(h.x(), h.y());
        draggable(box, h.name());
        return box;
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
        getChildren().add(endLabel(line, l.fromLabel(), 0.3));
        getChildren().add(endLabel(line, l.toLabel(), 0.7));
        Label name = new Label(l.name());
        name.getStyleClass().add("link-label");
        name.setStyle("-fx-font-weight: bold;");
        placeAt(name, line, 0.5);
        name.setOnMouseClicked(e -> { vm.select(new LabSelection.Link(l.name())); e.consume(); });
        getChildren().add(name);
        if (l.kind() == LinkLine.Kind.MEMIF) getChildren().add(arrow(line));
    }

    private Label endLabel(Line line, String text, double at) {
        Label label = new Label(text);
        label.getStyleClass().add("link-label");
        placeAt(label, line, at);
        return label;
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
