package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabNameTest {

    @Test
    void theDefaultAndShortTestNamesAreValid() {
        assertDoesNotThrow(() -> LabName.check(LabInABox.DEFAULT_NAME));
        assertDoesNotThrow(() -> LabName.check("xt1"));
        assertDoesNotThrow(() -> LabName.check("abcdefghi"));
    }

    @Test
    void aNameTooLongForInterfaceNamesSaysWhy() {
        LabException e = assertThrows(LabException.class, () -> LabName.check("abcdefghij"));
        assertTrue(e.getMessage().contains("at most 9") && e.getMessage().contains("15"), e.getMessage());
    }

    @Test
    void namesWithDashesOrCapitalsAreRefused() {
        // a '-' would let lab "a" claim lab "a-b"'s interfaces by prefix
        assertThrows(LabException.class, () -> LabName.check("a-b"));
        assertThrows(LabException.class, () -> LabName.check("Lab"));
        assertThrows(LabException.class, () -> LabName.check("1lab"));
        assertThrows(LabException.class, () -> LabName.check(""));
    }
}
