package io.aurum.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: app → store, connectors, sandbox → core; core stays pure. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.aurum");
  }

  @Test
  void core_depends_on_no_adapter_and_no_infrastructure_library() {
    noClasses()
        .that()
        .resideInAPackage("io.aurum.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.aurum.store..",
            "io.aurum.connectors..",
            "io.aurum.sandbox..",
            "io.aurum.app..",
            "java.sql..",
            "javax.sql..",
            "java.net.http..",
            "com.sun.net.httpserver..",
            "picocli..",
            "com.zaxxer..",
            "org.flywaydb..",
            "io.javalin..",
            "io.micrometer..",
            "org.apache.kafka..")
        .check(classes);
  }

  @Test
  void adapters_do_not_depend_on_each_other_or_on_the_app() {
    noClasses()
        .that()
        .resideInAPackage("io.aurum.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.aurum.connectors..", "io.aurum.sandbox..", "io.aurum.app..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.aurum.connectors..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.aurum.store..", "io.aurum.sandbox..", "io.aurum.app..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.aurum.sandbox..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.aurum.store..", "io.aurum.connectors..", "io.aurum.app..")
        .check(classes);
  }

  @Test
  void core_never_reads_the_wall_clock_directly() {
    noClasses()
        .that()
        .resideInAPackage("io.aurum.core..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDate.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("time is injected as a Clock so that tests can move it")
        .check(classes);
  }

  @Test
  void core_never_reads_the_host_or_the_process_table_directly() {
    noClasses()
        .that()
        .resideInAPackage("io.aurum.core..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ProcessHandle.class)
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(java.net.InetAddress.class)
        .orShould()
        .callMethod(java.lang.management.RuntimeMXBean.class, "getName")
        .orShould()
        .callMethod(java.lang.management.RuntimeMXBean.class, "getPid")
        .because("who this process is comes from the HostProcesses port, wired in the app")
        .check(classes);
  }
}
