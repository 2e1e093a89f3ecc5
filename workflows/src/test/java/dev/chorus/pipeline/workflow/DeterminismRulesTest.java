package dev.chorus.pipeline.workflow;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Date;
import java.util.Random;
import java.util.Timer;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * What workflow code must not touch, because a run's history is replayed on any worker at any later
 * time and has to take the same decisions again. Temporal's deterministic stand-ins ({@code
 * Workflow.currentTimeMillis()}, {@code Workflow.newRandom()}, {@code Async}, activities) are the
 * way. Workflow code is the interpreter and the {@link Agents} API, and what they evaluate on a
 * workflow thread: CEL expressions and the definition model. Synchronized blocks are not checked;
 * none of this code needs a lock, as workflow threads never run at the same time.
 */
@AnalyzeClasses(
    packages = "dev.chorus.pipeline",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DeterminismRulesTest {

  private static final String[] WORKFLOW_CODE = {
    "dev.chorus.pipeline.workflow..",
    "dev.chorus.pipeline.expression..",
    "dev.chorus.pipeline.model.."
  };

  @ArchTest
  static final ArchRule noSystemClock =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time..")))))
          .orShould()
          .callConstructor(Date.class)
          .orShould()
          .dependOnClassesThat(assignableTo(Clock.class).or(assignableTo(InstantSource.class)))
          .as("workflow code must use Workflow.currentTimeMillis(), not the system clock");

  @ArchTest
  static final ArchRule noRandomness =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .dependOnClassesThat(assignableTo(Random.class).or(assignableTo(RandomGenerator.class)))
          .orShould()
          .callMethod(Math.class, "random")
          .orShould()
          .callMethod(StrictMath.class, "random")
          .orShould()
          .callMethod(UUID.class, "randomUUID")
          .as(
              "workflow code must use Workflow.newRandom() and Workflow.randomUUID(), not a random source of its own");

  @ArchTest
  static final ArchRule noThreads =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .dependOnClassesThat(
              assignableTo(Thread.class)
                  .or(assignableTo(ThreadLocal.class))
                  .or(assignableTo(Timer.class))
                  .or(
                      resideInAPackage("java.util.concurrent..")
                          .and(not(equivalentTo(TimeUnit.class)))))
          .as(
              "workflow code must use Async, Promise, Workflow.await and Workflow.sleep, "
                  + "not threads, executors, futures or locks of its own");

  @ArchTest
  static final ArchRule noIo =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(
                  "java.io..", "java.nio.file..", "java.nio.channels..", "java.net.."))
          .as(
              "workflow code must not do I/O (files, streams, network): it reaches the world through activities");

  @ArchTest
  static final ArchRule noSpring =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .dependOnClassesThat(resideInAPackage("org.springframework.."))
          .as(
              "workflow code must not use Spring: Temporal creates a workflow per run and replays it, outside any application context");

  @ArchTest
  static final ArchRule noRedis =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW_CODE)
          .should()
          .dependOnClassesThat(resideInAPackage("io.lettuce.."))
          .as(
              "workflow code must reach Redis through DispatchActivities and RunEventActivities, never through Lettuce");
}
