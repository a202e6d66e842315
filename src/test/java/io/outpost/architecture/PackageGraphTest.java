package io.outpost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of docs/ARCHITECTURE.md, enforced on the compiled main classes: values ← config ←
 * {source, process, store, uplink} ← manage ← ops ← gateway ← cli, with demo beside cli.
 */
class PackageGraphTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.outpost");
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        check(slices().matching("io.outpost.(*)..").should().beFreeOfCycles());
    }

    @Test
    void sharedValuesImportNothingOfOurs() {
        check(classes().that().resideInAPackage("io.outpost.value..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages(
                        "io.outpost.config..", "io.outpost.source..", "io.outpost.process..", "io.outpost.store..",
                        "io.outpost.uplink..", "io.outpost.manage..", "io.outpost.ops..", "io.outpost.gateway..", "io.outpost.cli..",
                        "io.outpost.demo..", "io.outpost.json..", "io.outpost.log..", "io.outpost.threads.."));
    }

    @Test
    void configKnowsOnlyTheSharedValues() {
        check(noClasses().that().resideInAPackage("io.outpost.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.source..", "io.outpost.process..",
                        "io.outpost.store..", "io.outpost.uplink..", "io.outpost.manage..", "io.outpost.ops..",
                        "io.outpost.gateway..", "io.outpost.cli..", "io.outpost.demo..", "io.outpost.json..",
                        "io.outpost.log..", "io.outpost.threads.."));
    }

    @Test
    void helpersKnowOnlyTheSharedValues() {
        check(noClasses().that().resideInAnyPackage("io.outpost.json..", "io.outpost.log..", "io.outpost.threads..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.config..", "io.outpost.source..",
                        "io.outpost.process..", "io.outpost.store..", "io.outpost.uplink..", "io.outpost.manage..",
                        "io.outpost.ops..", "io.outpost.gateway..", "io.outpost.cli..", "io.outpost.demo.."));
    }

    @Test
    void sourcesImportNeitherStoreNorUplink() {
        check(noClasses().that().resideInAPackage("io.outpost.source..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.store..", "io.outpost.uplink.."));
    }

    @Test
    void storeNeverImportsTheUplink() {
        check(noClasses().that().resideInAPackage("io.outpost.store..")
                .should().dependOnClassesThat().resideInAPackage("io.outpost.uplink.."));
    }

    @Test
    void uplinkNeverImportsSources() {
        check(noClasses().that().resideInAPackage("io.outpost.uplink..")
                .should().dependOnClassesThat().resideInAPackage("io.outpost.source.."));
    }

    @Test
    void dataPathPartsKnowNothingAboveThem() {
        check(noClasses().that().resideInAnyPackage("io.outpost.source..", "io.outpost.process..",
                        "io.outpost.store..", "io.outpost.uplink..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.manage..", "io.outpost.ops..",
                        "io.outpost.gateway..", "io.outpost.cli..", "io.outpost.demo.."));
    }

    @Test
    void manageKnowsNothingOfTheCompositionRoot() {
        check(noClasses().that().resideInAPackage("io.outpost.manage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.ops..", "io.outpost.gateway..",
                        "io.outpost.cli..", "io.outpost.demo.."));
    }

    @Test
    void otaUsesOnlyTheConfigTheValuesAndTheHelpers() {
        check(noClasses().that().resideInAPackage("io.outpost.ota..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.source..", "io.outpost.process..",
                        "io.outpost.store..", "io.outpost.uplink..", "io.outpost.manage..", "io.outpost.ops..",
                        "io.outpost.gateway..", "io.outpost.cli..", "io.outpost.demo.."));
    }

    @Test
    void opsKnowsNothingOfTheCompositionRoot() {
        check(noClasses().that().resideInAPackage("io.outpost.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.outpost.gateway..", "io.outpost.cli..",
                        "io.outpost.demo.."));
    }

    @Test
    void nothingImportsTheCommandLine() {
        check(noClasses().that().resideOutsideOfPackage("io.outpost.cli..")
                .and().doNotHaveFullyQualifiedName("io.outpost.Outpost")
                .and().resideOutsideOfPackage("io.outpost")
                .should().dependOnClassesThat().resideInAPackage("io.outpost.cli.."));
    }

    @Test
    void theDaemonNeverLinksTheDemo() {
        check(noClasses().that().resideOutsideOfPackage("io.outpost.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.outpost.demo.."));
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }
}
