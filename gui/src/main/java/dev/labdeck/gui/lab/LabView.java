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
import javafx.scene.layout.Region;
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
    // The inspector's ControlsFX sheet is made when the first fields show (a profile opened): its skin was a good
    // part of the first window's CSS pass. Until then the area shows what an empty sheet shows.
    private final StackPane sheetArea = new StackPane();
    private PropertySheet sheet;
    private final TextArea yaml = new TextArea();
    private final Tab yamlTab = new Tab("YAML");
    private final TabPane lower = new TabPane();
    private boolean syncingYaml;

    public LabView(LabViewModel vm, Node emptyState) {
        this.vm = vm;
        setId("lab-view");
        vm.setConfirmExposure(this::confirmExposure);

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

        sheetArea.getChildren().setAll(emptySheet());
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
        Label hint = new Label("Select a host, link, XDP line or service on the canvas to edit it. Text fields apply on Enter; Ctrl+Z undoes.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped whole, not cut to "Text ..."
        Label fieldError = new Label();
        fieldError.setId("field-error");
        fieldError.getStyleClass().add("validation-bad");
        fieldError.setWrapText(true);
        fieldError.textProperty().bind(vm.fieldErrorProperty());
        fieldError.visibleProperty().bind(vm.fieldErrorProperty().isNotEmpty());
        fieldError.managedProperty().bind(fieldError.visibleProperty());
        Label notice = new Label();
        notice.setId("document-notice");
        notice.getStyleClass().add("muted");
        notice.setWrapText(true);
        notice.textProperty().bind(vm.document().noticeProperty());
        notice.visibleProperty().bind(vm.document().noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        VBox inspector = new VBox(6, inspectorTitle, hint, fieldError, notice, sheetArea);
        inspector.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, this::undoInField);
        VBox.setVgrow(sheetArea, Priority.ALWAYS);
        inspector.setPadding(new Insets(8));
        vm.focusFieldProperty().addListener((o, a, b) -> {
            if (b != null && !b.isEmpty()) javafx.application.Platform.runLater(() -> focusField(b));
        });

        Label summary = new Label();
        summary.setId("validation-summary");
        summary.textProperty().bind(vm.validationSummary());
        summary.setWrapText(true);
        summary.textProperty().addListener((o, a, b) -> styleSummary(summary));
        styleSummary(summary);
        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("problems");
        problems.getStyleClass().add("problem-list");
        // with no profile open there is nothing to accept: say what the list is for instead
        Label noProblems = new Label();
        noProblems.setId("problems-placeholder");
        noProblems.setWrapText(true);
        noProblems.textProperty().bind(javafx.beans.binding.Bindings.when(vm.document().profileProperty().isNull())
                .then("Open a profile: what labdeck validate finds in it is listed here.")
                .otherwise("No problems: labdeck validate accepts this profile."));
        problems.setPlaceholder(noProblems);
        // a problem is shown whole (wrapped), and clicking it goes to its field and its line
        problems.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(list.widthProperty().subtract(24));
                setMaxWidth(Region.USE_PREF_SIZE);
                setOnMouseClicked(e -> {
                    if (getItem() != null) reveal(getItem());
                });
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty ? null : new Tooltip(item));
            }
        });
        VBox problemsBox = new VBox(6, summary, problems);
        VBox.setVgrow(problems, Priority.ALWAYS);
        problemsBox.setPadding(new Insets(8));

        yaml.setId("yaml-editor");
        yaml.getStyleClass().add("yaml");
        yaml.setEditable(true);
        yaml.setText(vm.document().text());
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(600));
        settle.setOnFinished(e -> commitYaml());
        yaml.textProperty().addListener((o, a, b) -> {
            if (!syncingYaml) settle.playFromStart();
        });
        yaml.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                settle.stop();
                commitYaml();
            }
        });
        vm.document().yamlProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(yaml.getText())) {
                int caret = yaml.getCaretPosition();
                syncingYaml = true;
                yaml.setText(b);
                syncingYaml = false;
                yaml.positionCaret(Math.min(caret, b.length()));
            }
        });
        Label yamlHint = new Label("The file as Save writes it, comments and all. Edit it here or in the inspector; each follows the other.");
        yamlHint.getStyleClass().add("muted");
        yamlHint.setWrapText(true);
        VBox yamlBox = new VBox(4, yamlHint, yaml);
        VBox.setVgrow(yaml, Priority.ALWAYS);
        yamlBox.setPadding(new Insets(4));

        Tab problemsTab = new Tab("Problems", problemsBox);
        problemsTab.textProperty().bind(Bindings.size(vm.problems()).asString("Problems (%d)"));
        // the YAML editor (a TextArea's skin) joins the scene when its tab is first shown; it follows the document meanwhile
        lower.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == yamlTab && yamlTab.getContent() == null) yamlTab.setContent(yamlBox);
        });
        yamlTab.setId("tab-yaml");
        lower.getTabs().setAll(problemsTab, yamlTab);
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane right = new SplitPane(inspector, lower);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.55);

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.64);
        setCenter(split);
    }

    /** A host goes only after the user has seen what goes with it and what is left pointing at it. */
    private void confirmRemove() {
        if (!(vm.selectionProperty().get() instanceof LabSelection.Host h)) {
            vm.removeSelected();
            return;
        }
        List<String> consequences = vm.removalConsequences();
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        if (getScene() != null) a.initOwner(getScene().getWindow());
        a.setTitle("LabDeck");
        a.setHeaderText("Remove host " + h.name() + "?");
        a.setContentText(consequences.isEmpty() ? "Nothing else refers to it. Ctrl+Z brings it back."
                : "This also:\n• " + String.join("\n• ", consequences) + "\n\nCtrl+Z brings it all back.");
        javafx.scene.control.ButtonType remove = new javafx.scene.control.ButtonType("Remove host", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        a.getButtonTypes().setAll(remove, javafx.scene.control.ButtonType.CANCEL);
        a.getDialogPane().setId("confirm-remove");
        a.showAndWait().filter(b -> b == remove).ifPresent(b -> vm.removeSelected());
    }

    /** The agent listening beyond loopback (issue 11's hardening): only when the user says so. */
    private boolean confirmExposure(String question) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        if (getScene() != null) a.initOwner(getScene().getWindow());
        a.setTitle("LabDeck");
        a.setHeaderText("Let the agent listen beyond this host?");
        a.setContentText(question);
        javafx.scene.control.ButtonType bind = new javafx.scene.control.ButtonType("Bind it there", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType keep = new javafx.scene.control.ButtonType("Keep 127.0.0.1", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        a.getButtonTypes().setAll(bind, keep);
        a.getDialogPane().setId("confirm-exposure");
        return a.showAndWait().filter(b -> b == bind).isPresent();
    }

        private void commitYaml() {
        if (!syncingYaml) vm.document().editText(yaml.getText());
    }

    /** The problem's line selected in the YAML, and its field focused in the inspector. */
    private void reveal(String problem) {
        var at = dev.labdeck.gui.profile.ProfileDocument.positionOf(problem);
        if (at.line() > 0) {
            String t = yaml.getText();
            int start = 0;
            for (int l = 1; l < at.line() && start >= 0; l++) start = t.indexOf('\n', start) + 1;
            if (start >= 0 && start <= t.length()) {
                int end = t.indexOf('\n', start);
                yaml.selectRange(start, end < 0 ? t.length() : end);
            }
        }
        vm.reveal(problem);
    }

    /** Puts the cursor into the inspector's field {@code category/name}. */
    void focusField(String categoryAndName) {
        int slash = categoryAndName.indexOf('/');
        String category = categoryAndName.substring(0, slash);
        String name = categoryAndName.substring(slash + 1);
        if (sheet == null) return;
        for (PropertySheet.Item item : sheet.getItems()) {
            InspectorItem i = (InspectorItem) item;
            if (i.field().category().equals(category) && i.field().name().equals(name)) {
                for (Node n : sheet.lookupAll(".label")) {
                    if (n instanceof Label l && i.getName().equals(l.getText()) && l.getParent() instanceof javafx.scene.layout.GridPane g) {
                        Integer row = javafx.scene.layout.GridPane.getRowIndex(l);
                        for (Node c : g.getChildren()) {
                            if (c != l && java.util.Objects.equals(javafx.scene.layout.GridPane.getRowIndex(c), row)) {
                                c.requestFocus();
                                c.getStyleClass().add("revealed");
                                if (c instanceof TextField tf) tf.selectAll();
                                return;
                            }
                        }
                    }
                }
            }
        }
    }

    private ToolBar toolbar() {
        Button host = button("Add host", "A new host on this machine; change its transport to ssh for a remote one", vm::addHost);
        Button link = button("Add link", "An ethernet link from the selected host to another", vm::addEthernetLink);
        Button memif = button("Add memif", "A memif link on the selected host, master to slave", vm::addMemifLink);
        Button xdp = button("Add XDP", "Attach an XDP program on the selected host", vm::addXdp);
        Button service = button("Add service", "A process to start on the selected host", vm::addService);
        Button remove = button("Remove", "Remove what is selected", this::confirmRemove);
        remove.setId("remove-selected");
        remove.disableProperty().bind(vm.selectionProperty().isNull());
        Button test = button("Test settings", "Edit the profile's name and traffic", () -> vm.select(new LabSelection.Test()));
        // sections the profile does not have yet (sweep, search, http, measure ...) and the ones it may lose
        ToolBar bar = new ToolBar(host, link, memif, xdp, service, new Separator(), remove, new Separator(), test, sectionMenu());
        bar.disableProperty().bind(vm.document().profileProperty().isNull());
        return bar;
    }

    /**
     * "Sections": Add for each section the profile lacks (with its defaults; its fields then show under
     * Test settings), Remove for each it has (Ctrl+Z brings it back). Items are listed when it opens.
     */
    private javafx.scene.control.MenuButton sectionMenu() {
        javafx.scene.control.MenuButton menu = new javafx.scene.control.MenuButton("Sections");
        menu.setId("lab-sections");
        menu.setTooltip(new Tooltip("Add a section the profile lacks (sweep, search, http, measure ...) or remove one"));
        Runnable fill = () -> {
            List<javafx.scene.control.MenuItem> items = new java.util.ArrayList<>();
            for (String key : vm.absentSections()) items.add(sectionItem("Add " + key, "lab-section-add-" + key, () -> vm.addSection(key)));
            List<String> removable = vm.removableSections();
            if (!items.isEmpty() && !removable.isEmpty()) items.add(new javafx.scene.control.SeparatorMenuItem());
            for (String key : removable) items.add(sectionItem("Remove " + key, "lab-section-remove-" + key, () -> vm.removeSection(key)));
            // traffic.per_flow: a flow's own share, packet size, source port and payload, edited under Test settings
            List<javafx.scene.control.MenuItem> flows = new java.util.ArrayList<>();
            int n = vm.flowSettings().size();
            if (vm.canAddFlow()) flows.add(sectionItem("Add flow " + (n + 1) + " settings", "lab-flow-add", vm::addFlow));
            if (n > 0) flows.add(sectionItem("Remove flow " + n + " settings", "lab-flow-remove", vm::removeLastFlow));
            if (!items.isEmpty() && !flows.isEmpty()) items.add(new javafx.scene.control.SeparatorMenuItem());
            items.addAll(flows);
            menu.getItems().setAll(items);
        };
        menu.setOnShowing(e -> fill.run());
        vm.document().profileProperty().addListener((o, a, b) -> fill.run());
        fill.run();
        return menu;
    }

    private static javafx.scene.control.MenuItem sectionItem(String text, String id, Runnable action) {
        javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setId("lab-" + text.toLowerCase().replace(' ', '-'));
        return b;
    }

    private static void styleSummary(Label summary) {
        summary.getStyleClass().removeAll("validation-ok", "validation-bad", "validation-none");
        String text = summary.getText() == null ? "" : summary.getText();
        summary.getStyleClass().add(text.startsWith("Valid") ? "validation-ok"
                : text.equals(LabViewModel.NO_PROFILE) ? "validation-none" : "validation-bad");
    }

    private void refreshSheet() {
        if (sheet == null) {
            if (vm.inspector().isEmpty()) return;
            sheet = new PropertySheet();
            sheet.setMode(PropertySheet.Mode.NAME);
            sheet.setModeSwitcherVisible(false);
            sheet.setSearchBoxVisible(false);
            sheet.setPropertyEditorFactory(this::editorFor);
            sheet.setId("inspector");
            sheet.skinProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::wholeNames));
            sheetArea.getChildren().setAll(sheet);
        }
        String primary = vm.inspector().isEmpty() ? "" : vm.inspector().getFirst().category();
        sheet.getItems().setAll(vm.inspector().stream().map(f -> (PropertySheet.Item) new InspectorItem(f, vm, primary)).toList());
        javafx.application.Platform.runLater(this::wholeNames);
    }

    /**
     * The fields' names shown whole: ControlsFX gives the name column 100 px and cuts longer names
     * ("Readiness p...", "Working dire...") when the inspector is narrow; the editors take what is left.
     */
    private void wholeNames() {
        if (sheet == null) return;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (PropertySheet.Item i : sheet.getItems()) names.add(i.getName());
        for (Node n : sheet.lookupAll(".label")) {
            if (n instanceof Label l && l.getParent() instanceof javafx.scene.layout.GridPane g && !"env-table".equals(g.getId())
                    && names.contains(l.getText())) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
    }

    /** What an empty ControlsFX sheet shows: nothing (its frame is drawn around rows only). */
    private static Region emptySheet() {
        Region empty = new Region();
        empty.setId("inspector-empty");
        return empty;
    }

    /** The key under which an inspector text field keeps the text it last applied (or was shown with). */
    static final String APPLIED = "labdeck.applied";

    private static final javafx.scene.input.KeyCombination UNDO = javafx.scene.input.KeyCombination.keyCombination("Shortcut+Z"),
            REDO = javafx.scene.input.KeyCombination.keyCombination("Shortcut+Y"),
            REDO2 = javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+Z");

    /**
     * Ctrl+Z / Ctrl+Y in an inspector field whose text is applied (nothing typed since Enter) undo and
     * redo the profile's edits, as everywhere else; with text typed but not applied they stay the
     * field's own undo of that typing.
     */
    private void undoInField(javafx.scene.input.KeyEvent e) {
        boolean undo = UNDO.match(e), redo = REDO.match(e) || REDO2.match(e);
        if (!undo && !redo) return;
        if (e.getTarget() instanceof TextField tf && tf.getProperties().containsKey(APPLIED)
                && !java.util.Objects.equals(tf.getProperties().get(APPLIED), tf.getText())) return;
        e.consume();
        if (undo) vm.document().undo();
        else vm.document().redo();
    }

    /** The key under which a text field with suggestions keeps its ControlsFX binding (for tests). */
    public static final String AUTO_COMPLETION = "labdeck.autoCompletion";

    private PropertyEditor<?> editorFor(PropertySheet.Item item) {
        InspectorField f = ((InspectorItem) item).field();
        if (!f.choices().isEmpty()) return Editors.createChoiceEditor(item, List.copyOf(f.choices()));
        if (f.type() == java.util.Map.class) return new EnvironmentEditor(item);
        if (f.type() == String.class && f.completions() != null) {
            CommitOnEnterEditor editor = new CommitOnEnterEditor(item);
            // ControlsFX's popup under the field: the figures summary.json has, completing what is being typed
            var binding = org.controlsfx.control.textfield.TextFields.bindAutoCompletion(editor.getEditor(),
                    request -> f.completions().apply(request.getUserText()));
            binding.setDelay(150);
            binding.setVisibleRowCount(12);
            binding.setPrefWidth(420);
            editor.getEditor().getProperties().put(AUTO_COMPLETION, binding);
            return editor;
        }
        if (f.type() == String.class) return new CommitOnEnterEditor(item);
        if (f.type() == Long.class) return new NumberEditor(item);
        return new DefaultPropertyEditorFactory().call(item);
    }

    /** A number typed as text, applied on Enter or when focus leaves (one undo step, not one per key). */
    private static final class NumberEditor extends AbstractPropertyEditor<Object, TextField> {
        private javafx.beans.property.ObjectProperty<Object> committed;

        NumberEditor(PropertySheet.Item item) {
            super(item, new TextField());
            TextField tf = getEditor();
            tf.setOnAction(e -> commit(tf));
            tf.focusedProperty().addListener((o, was, is) -> {
                if (!is) commit(tf);
            });
        }

        private void commit(TextField tf) {
            committed().set(tf.getText().strip());
            tf.getProperties().put(APPLIED, tf.getText());
        }

        private javafx.beans.property.ObjectProperty<Object> committed() {
            if (committed == null) committed = new javafx.beans.property.SimpleObjectProperty<>();
            return committed;
        }

        @Override
        protected ObservableValue<Object> getObservableValue() {
            return committed();
        }

        @Override
        public void setValue(Object value) {
            getEditor().setText(value == null ? "" : value.toString());
            getEditor().getProperties().put(APPLIED, getEditor().getText());
            committed().set(value);
        }
    }

    /** A text editor that applies on Enter or when focus leaves, not on every key. */
    private static final class CommitOnEnterEditor extends AbstractPropertyEditor<String, TextField> {
        private StringProperty committed;

        CommitOnEnterEditor(PropertySheet.Item item) {
            super(item, new TextField());
            TextField tf = getEditor();
            tf.setOnAction(e -> commit(tf));
            tf.focusedProperty().addListener((o, was, is) -> {
                if (!is) commit(tf);
            });
        }

        private void commit(TextField tf) {
            committed().set(tf.getText());
            tf.getProperties().put(APPLIED, tf.getText());
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
            getEditor().getProperties().put(APPLIED, getEditor().getText());
            committed().set(value);
        }
    }
}
