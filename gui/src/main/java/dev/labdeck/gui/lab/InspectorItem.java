package dev.labdeck.gui.lab;

import java.util.Optional;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

/** Adapts an {@link InspectorField} to ControlsFX's PropertySheet. */
final class InspectorItem implements PropertySheet.Item {
    private final InspectorField field;
    private final LabViewModel vm;
    private Object value;

    private final String name;

    /** @param primaryCategory the first field's category: its fields keep their plain names */
    InspectorItem(InspectorField field, LabViewModel vm, String primaryCategory) {
        this.field = field;
        this.vm = vm;
        this.value = field.value();
        // the sheet lists fields by name in one list; other categories lead their names ("SSH port")
        this.name = field.category().equals(primaryCategory) ? field.name()
                : field.category() + " " + InspectorField.lowerFirst(field.name());
    }

    InspectorField field() {
        return field;
    }

    @Override public Class<?> getType() { return field.type(); }
    @Override public String getCategory() { return field.category(); }
    @Override public String getName() { return name; }
    @Override public String getDescription() { return field.description(); }
    @Override public Object getValue() { return value; }

    @Override
    public void setValue(Object v) {
        if (v == null || v.equals(value) || v.toString().equals(String.valueOf(value))) return;
        // a rejected edit leaves the value as the profile has it, so trying the same text again is tried again
        if (vm.applyField(field, v)) value = v;
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.empty();
    }
}
