package dev.labdeck.gui.error;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors for people: what happened and what to do in the dialog, the stack trace behind the
 * "Show details" expander and in the log, never instead of the message.
 */
public final class ErrorDialog {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorDialog.class);

    private ErrorDialog() {}

    /** The message a person reads: the innermost cause that says something, without class names. */
    public static String readable(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException
                || c.getMessage() == null) && c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? "Something went wrong (" + c.getClass().getSimpleName() + "); the log has details." : m;
    }

    public static void show(Window owner, String title, Throwable t) {
        LOG.error("{}", title, t);
        Alert alert = new Alert(Alert.AlertType.ERROR);
        if (owner != null) alert.initOwner(owner);
        alert.setTitle("LabDeck");
        alert.setHeaderText(title);
        Label message = new Label(readable(t));
        message.setWrapText(true);
        message.setMaxWidth(560);
        alert.getDialogPane().setContent(message);
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        TextArea details = new TextArea(trace.toString());
        details.setEditable(false);
        details.getStyleClass().add("log-text");
        details.setPrefRowCount(14);
        VBox.setVgrow(details, Priority.ALWAYS);
        alert.getDialogPane().setExpandableContent(new VBox(new Label("Stack trace (also in ~/.labdeck/labdeck.log):"), details));
        if (owner != null && owner.getScene() != null) alert.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        alert.show();
    }
}
