package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoProgramTest {

  @Test
  void theBinaryIsNamedAfterThePackagesLastPathElementBeforeAnyMajorVersion() {
    assertThat(GoProgram.TEMPORAL_SERVER.binaryName()).isEqualTo("server");
    assertThat(GoProgram.TEMPORAL_SQL_TOOL.binaryName()).isEqualTo("sql");
    assertThat(GoProgram.KUBECONFORM.binaryName()).isEqualTo("kubeconform");
    assertThat(GoProgram.KUSTOMIZE.binaryName()).isEqualTo("kustomize");
  }
}
