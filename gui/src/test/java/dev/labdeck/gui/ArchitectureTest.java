package dev.labdeck.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The desktop app's layering, checked so it cannot rot. */
class ArchitectureTest {
    static final JavaClasses GUI = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.labdeck.gui");

    @Test
    void viewModelsNeverTouchControls() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "org.controlsfx..", "eu.hansolo..")
                .check(GUI);
    }

    @Test
    void viewModelsUseTheEngineOnlyThroughTheirSeams() {
        // orchestration stays in the controller: view models see RunControl, RunArchive and ProfileFiles
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("dev.labdeck.controller.transport..", "dev.labdeck.controller.agent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.labdeck.controller.engine.RunEngine")
                .check(GUI);
    }

    @Test
    void noRawThreadsOutsideTheBackgroundTasks() {
        noClasses().that().resideOutsideOfPackage("dev.labdeck.gui.task")
                .should().callMethod(Thread.class, "start")
                .orShould().callMethod(Thread.class, "ofVirtual")
                .orShould().callMethod(Thread.class, "ofPlatform")
                .check(GUI);
    }
}
