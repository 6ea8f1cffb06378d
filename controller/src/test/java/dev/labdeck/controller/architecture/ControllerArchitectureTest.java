package dev.labdeck.controller.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/**
 * The controller's shape as DESIGN.md draws it, checked so it cannot rot: gui → controller →
 * protocol, nothing reaches up, no libbpf in the controller, no cycle between its packages, and
 * only the CLI prints.
 */
class ControllerArchitectureTest {
    static final JavaClasses CONTROLLER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.labdeck.controller");
    static final JavaClasses PROTOCOL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.labdeck.protocol");

    @Test
    void controllerPackagesFormNoCycles() {
        // e.g. the engine runs the stages, the stages see only the run's contract (dev.labdeck.controller.run)
        slices().matching("dev.labdeck.controller.(*)..").should().beFreeOfCycles().check(CONTROLLER);
    }

    @Test
    void theControllerReachesOnlyDownToTheProtocol() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.labdeck.gui..", "dev.labdeck.agent..", "dev.labdeck.nativeio..", "javafx..")
                .because("gui → controller → protocol; the agent and its native code (libbpf, DPDK) run on the hosts")
                .check(CONTROLLER);
    }

    @Test
    void theProtocolDependsOnNoneOfItsUsers() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.labdeck.controller..", "dev.labdeck.gui..", "dev.labdeck.agent..", "dev.labdeck.nativeio..")
                .check(PROTOCOL);
    }

    @Test
    void theStagesSeeTheRunNotTheEngine() {
        noClasses().that().resideOutsideOfPackages("dev.labdeck.controller.engine..", "dev.labdeck.controller.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.labdeck.controller.engine..")
                .because("features join the run as RunStages listed in engine.RunStages; the engine calls them, not the other way")
                .check(CONTROLLER);
    }

    @Test
    void onlyTheCliPrints() {
        noClasses().that().resideOutsideOfPackage("dev.labdeck.controller.cli..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("library code logs through SLF4J; the terminal belongs to the CLI")
                .check(CONTROLLER);
    }
}
