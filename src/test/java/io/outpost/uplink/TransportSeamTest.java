package io.outpost.uplink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The MQTT client stays behind {@link Transport}: only its Paho implementation (with the callback
 * adapter it uses and the error wording for Paho's exceptions) knows the client library. The topic
 * syntax utility of Paho's common package is allowed to all.
 */
class TransportSeamTest {

    @Test
    void onlyThePahoTransportKnowsTheClientLibrary() {
        JavaClasses uplink = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.outpost.uplink");
        noClasses().that().resideInAPackage("io.outpost.uplink")
                .and().haveNameNotMatching("io\\.outpost\\.uplink\\.(PahoTransport|MessageCallback|LinkErrors)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho.mqttv5.client..",
                        "org.eclipse.paho.mqttv5.common", "org.eclipse.paho.mqttv5.common.packet..")
                .check(uplink);
    }
}
