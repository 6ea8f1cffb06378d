package dev.labdeck.gui.lab;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * The Lab view: the topology canvas on the left, and on the right the inspector (ControlsFX
 * PropertySheet) for what is selected, the profile's problems and the YAML Save will write.
 */
public final class LabView extends BorderPane {
    private final LabViewModel vm;
    private final PropertySheet sheet = new PropertySheet();

    public LabView(LabViewModel vm, Node emptyState) {
        this.vm = vm;
        setId("lab-view");

        TopologyView topology = new TopologyView(vm);
        ScrollPane scroll = new ScrollPane(topology);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setPannable(false);

        StackPane canvasArea = new StackPane(scroll, emptyState);
        emptyState.visibleProperty().bind(vm.document().profileProperty().isNull());
        scroll.visibleProperty().bind(vm.document().profileProperty().isNotNull());

        BorderPane left = new BorderPane(canvasArea);
        left.setTop(toolbar());

        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setPropertyEditorFactory(this::editorFor);
        sheet.setId("inspector");
        vm.inspector().addListener((ListChangeListener<InspectorField>) c -> refreshSheet());
        refreshSheet();

        Label inspectorTitle = new Label();
        inspectorTitle.getStyleClass().add("heading");
        inspectorTitle.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.selectionProperty().get()) {
            case LabSelection.Host h -> "Host " + h.name();
            case LabSelection.Link l -> "Link " + l.name();
            case LabSelection.Xdp x -> "XDP program";
            case LabSelection.Service s -> "Service " + s.name() + " on " + s.host();
            case null, default -> "Test and traffic";
        }, vm.selectionProperty()));
        Label hint = new Label("Select a host, link, XDP line or service on the canvas to edit it. Text fields apply on Enter.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        VBox inspector = new VBox(6, inspectorTitle, hint, sheet);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        inspector.setPadding(new Insets(8));

        Label summary = new Label();
        summary.setId("validation-summary");
        summary.textProperty().bind(vm.validationSummary());
        summary.setWrapText(true);
        summary.textProperty().addListener((o, a, b) -> styleSummary(summary));
        styleSummary(summary);
        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("problems");
        problems.getStyleClass().add("problem-list");
        problems.setPlaceholder(new Label("No problems: labdeck validate accepts this profile."));
        VBox problemsBox = new VBox(6, summary, problems);
        VBox.setVgrow(problems, Priority.ALWAYS);
        problemsBox.setPadding(new Insets(8));

        TextArea yaml = new TextArea();
        yaml.setId("yaml-preview");
        yaml.getStyleClass().add("yaml");
        yaml.setEditable(false);
        yaml.textProperty().bind(vm.document().yamlProperty());

        Tab problemsTab = new Tab("Problems", problemsBox);
        problemsTab.textProperty().bind(Bindings.size(vm.problems()).asString("Problems (%d)"));
        Tab yamlTab = new Tab("YAML to save", yaml);
        TabPane lower = new TabPane(problemsTab, yamlTab);
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane right = new SplitPane(inspector, lower);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.55);

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.64);
        setCenter(split);
    }

    private ToolBar toolbar() {
        Button host = button("Add host", "A new host on this machine; change its transport to ssh for a remote one", vm::addHost);
        Button link = button("Add link", "An ethernet link from the selected host to another", vm::addEthernetLink);
        Button memif = button("Add memif", "A memif link on the selected host, master to slave", vm::addMemifLink);
        Button xdp = button("Add XDP", "Attach an XDP program on the selected host", vm::addXdp);
        Button service = button("Add service", "A process to start on the selected host", vm::addService);
        Button remove = button("Remove", "Remove what is selected", vm::removeSelected);
        remove.setId("remove-selected");
        remove.disableProperty().bind(vm.selectionProperty().isNull());
        Button test = button("Test settings", "Edit the profile's name and traffic", () -> vm.select(new LabSelection.Test()));
        ToolBar bar = new ToolBar(host, link, memif, xdp, service, new Separator(), remove, new Separator(), test);
        bar.disableProperty().bind(vm.document().profileProperty().isNull());
        return bar;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setId("lab-" + text.toLowerCase().replace(' ', '-'));
        return b;
    }

    private static void styleSummary(Label summary) {
        summary.getStyleClass().removeAll("validation-ok", "validation-bad");
        summary.getStyleClass().add(summary.getText() != null && summary.getText().startsWith("Valid") ? "validation-ok" : "validation-bad");
    }

    private void refreshSheet() {
        String primary = vm.inspector().isEmpty() ? "" : vm.inspector().getFirst().category();
        sheet.getItems().setAll(vm.inspector().stream().map(f -> (PropertySheet.Item) new InspectorItem(f, vm, primary)).toList());
    }

    private PropertyEditor<?> editorFor(PropertySheet.Item item) {
        InspectorField f = ((InspectorItem) item).field();
        if (!f.choices().isEmpty()) return Editors.createChoiceEditor(item, List.copyOf(f.choices()));
        if (f.type() == String.class) return new CommitOnEnterEditor(item);
        return new DefaultPropertyEditorFactory().call(item);
    }

    /** A text editor that applies on Enter or when focus leaves, not on every key. */
    private static final class CommitOnEnterEditor extends AbstractPropertyEditor<String, TextField> {
        private StringProperty committed;

        CommitOnEnterEditor(PropertySheet.Item item) {
            super(item, new TextField());
            TextField tf = getEditor();
            tf.setOnAction(e -> committed().set(tf.getText()));
            tf.focusedProperty().addListener((o, was, is) -> {
                if (!is) committed().set(tf.getText());
            });
        }

        private StringProperty committed() {
            if (committed == null) committed = new SimpleStringProperty();
            return committed;
        }

        @Override
        protected ObservableValue<String> getObservableValue() {
            return committed();
        }

        @Override
        public void setValue(String value) {
            getEditor().setText(value);
            committed().set(value);
        }
    }
}
