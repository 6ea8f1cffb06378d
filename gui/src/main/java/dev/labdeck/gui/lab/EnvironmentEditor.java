package dev.labdeck.gui.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;

/**
 * A service's environment as a table in the inspector: a row per variable (name, value, ✕ to
 * remove it) and a last row to add one. Each change — a name or value applied with Enter or by
 * leaving the field, a removal, an addition — is one edit of the whole map, made from the
 * environment the profile has now; when it is rejected the row keeps what was typed and the
 * inspector's error line says why.
 */
final class EnvironmentEditor extends AbstractPropertyEditor<Object, GridPane> {
    private final PropertySheet.Item item;
    private ObjectProperty<Object> committed;
    private boolean building;

    EnvironmentEditor(PropertySheet.Item item) {
        super(item, new GridPane());
        this.item = item;
        GridPane g = getEditor();
        g.setId("env-table");
        g.setHgap(4);
        g.setVgap(4);
        ColumnConstraints name = new ColumnConstraints();
        name.setPercentWidth(50);
        ColumnConstraints value = new ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        ColumnConstraints button = new ColumnConstraints();
        g.getColumnConstraints().setAll(name, value, button);
    }

    private ObjectProperty<Object> committed() {
        if (committed == null) committed = new SimpleObjectProperty<>();
        return committed;
    }

    @Override
    protected ObservableValue<Object> getObservableValue() {
        return committed();
    }

    @Override
    public void setValue(Object value) {
        committed().set(value);
        rows(env(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Object v) {
        return v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, String>) m) : new LinkedHashMap<>();
    }

    /** The environment as the profile has it now (the last applied value). */
    private Map<String, String> applied() {
        return env(item.getValue());
    }

    private void rows(Map<String, String> env) {
        building = true;
        try {
            GridPane g = getEditor();
            g.getChildren().clear();
            if (!env.isEmpty()) {
                Label n = new Label("Name");
                Label v = new Label("Value");
                n.getStyleClass().add("muted");
                v.getStyleClass().add("muted");
                g.addRow(0, n, v);
            }
            int row = 1;
            int i = 0;
            for (Map.Entry<String, String> e : env.entrySet()) {
                String key = e.getKey();
                TextField name = field(e.getKey(), "env-name-" + i);
                TextField value = field(e.getValue(), "env-value-" + i);
                name.setOnAction(x -> rename(key, name.getText().strip()));
                name.focusedProperty().addListener((o, was, is) -> { if (!is) rename(key, name.getText().strip()); });
                value.setOnAction(x -> revalue(key, value.getText()));
                value.focusedProperty().addListener((o, was, is) -> { if (!is) revalue(key, value.getText()); });
                Button remove = new Button("✕");
                remove.setId("env-remove-" + i);
                remove.setTooltip(new Tooltip("Remove " + key));
                remove.setOnAction(x -> remove(key));
                remove.setMinWidth(Region.USE_PREF_SIZE);
                g.addRow(row++, name, value, remove);
                i++;
            }
            TextField name = field("", "env-new-name");
            name.setPromptText("NAME");
            TextField value = field("", "env-new-value");
            value.setPromptText("value");
            Button add = new Button("Add");
            add.setId("env-add");
            add.setTooltip(new Tooltip("Add the variable named on the left"));
            Runnable adding = () -> add(name.getText().strip(), value.getText(), name);
            add.setOnAction(x -> adding.run());
            add.setMinWidth(Region.USE_PREF_SIZE);
            name.setOnAction(x -> value.requestFocus());
            value.setOnAction(x -> adding.run());
            g.addRow(row, name, value, add);
        } finally {
            building = false;
        }
    }

    private static TextField field(String text, String id) {
        TextField t = new TextField(text);
        t.setId(id);
        t.getProperties().put(LabView.APPLIED, text);
        t.setMinWidth(40);
        return t;
    }

    private void rename(String from, String to) {
        if (building || to.equals(from)) return;
        Map<String, String> next = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : applied().entrySet()) {
            if (e.getKey().equals(from)) {
                if (!to.isEmpty() && applied().containsKey(to)) {
                    refuse("there is already a variable " + to + "; remove one of them first");
                    return;
                }
                next.put(to, e.getValue());
            } else {
                next.put(e.getKey(), e.getValue());
            }
        }
        commit(next);
    }

    private void revalue(String key, String value) {
        if (building || Objects.equals(applied().get(key), value) || !applied().containsKey(key)) return;
        Map<String, String> next = applied();
        next.put(key, value);
        commit(next);
    }

    private void remove(String key) {
        Map<String, String> next = applied();
        if (next.remove(key) != null) commit(next);
    }

    private void add(String name, String value, TextField nameField) {
        if (building) return;
        if (applied().containsKey(name)) {
            refuse("there is already a variable " + name + ": change its value in its row");
            return;
        }
        Map<String, String> next = applied();
        next.put(name, value);
        if (commit(next)) Platform.runLater(() -> lookupNewName().ifPresent(TextField::requestFocus));
        else nameField.requestFocus();
    }

    private java.util.Optional<TextField> lookupNewName() {
        return getEditor().getChildren().stream().filter(n -> "env-new-name".equals(n.getId())).map(n -> (TextField) n).findFirst();
    }

    /** Hands {@code next} to the inspector as the field's new value; on success the rows show it. */
    private boolean commit(Map<String, String> next) {
        committed().set(next);
        boolean applied = Objects.equals(env(item.getValue()), next);
        if (applied) rows(next);
        return applied;
    }

    /** Asks the view model to refuse an edit the table can tell is wrong (two variables of one name), so the error line says why. */
    private void refuse(String reason) {
        committed().set(new Refused(reason));
    }

    /** Not an environment: the view model rejects it with {@code reason}. */
    record Refused(String reason) {}
}
